/**
 * Runs a simulated run with queue and set operations mixed in: the run's own inputs (workload, retries,
 * faults, heal, final reads) are applied at their moments, and between them time advances in small
 * steps so that structure clients (structure-client.ts) can answer each reply with their next read or
 * compare-and-set, sent to a replica of the key. When every structure operation has ended, the queue
 * is read segment by segment (the final state the queue checker compares with what clients saw).
 * Every input applied is kept, so the result is an ordinary exported run that replays the same.
 */
import { placementGroups } from '../../model/topology';
import { placeKey } from '../../paxos';
import type { ClientReply, PlacementGroup } from '../../paxos/types';
import type { SimInput, SimOptionsInput } from '../../simulator/inputs';
import { randomRun } from '../../simulator/random-run';
import { randomStructureWorkload, type StructureWorkloadOp } from '../../simulator/random-workload';
import type { RunExport } from '../../simulator/run-export';
import type { SimObserver } from '../../simulator/sim-observer';
import type { ClientCall } from '../../simulator/sim-state';
import { Simulation } from '../../simulator/simulation';
import { createPrng, nextInt, type PrngState } from '../../util/prng';
import { decodeSegment, type QueueItem } from './queue';
import {
  StructureClient,
  type StructureClientOptions,
  type StructureRecord,
  type StructureRequest,
} from './structure-client';
import { queueSegmentKey } from './structure-keys';

export interface StructureRunPlan {
  seed: number;
  options: SimOptionsInput;
  /** The run's own inputs in order, with advances between moments (as randomRun sequences them). */
  inputs: SimInput[];
  structureOps: StructureWorkloadOp[];
  /** The queue read at the end. */
  queue: string;
}

export interface StructureRunSettings extends Omit<StructureClientOptions, 'valueBytesMax'> {
  /** Time advances at most this far before clients get to act on replies. */
  stepMs: number;
  /** Each request's deadline; a reply not heard by then (plus a grace for the node's own) is lost. */
  patienceMs: number;
  /** Extra observers (checkers) of the simulation. */
  observers?: SimObserver[];
}

export interface StructureRunResult {
  exported: RunExport;
  records: StructureRecord[];
  /** Every queue element in order across segments; null when the final read did not succeed. */
  finalQueue: QueueItem[] | null;
  /** The segment key the final read could not read, when it did not succeed. */
  unreadKey: string | null;
  sim: Simulation;
}

export const defaultStructureSettings: StructureRunSettings = {
  stepMs: 3,
  patienceMs: 300,
  attemptsMax: 12,
};

/** How long past its deadline a request counts as unanswered (the node answers at its next tick). */
const graceMs = 100;
/** The final read of the queue gives up after this much simulated time. */
const finalReadBoundMs = 10_000;

interface Outstanding {
  requestId: string;
  lostAtMs: number;
  onReply: (reply: ClientReply | null) => void;
}

class Driver implements SimObserver {
  readonly applied: SimInput[] = [];
  private readonly groups: PlacementGroup[];
  private readonly prng: PrngState;
  private outstanding: Outstanding[] = [];
  private readonly heard = new Map<string, ClientReply>();
  /** Sends due at a moment: clients waiting out a backoff. */
  private scheduled: { atMs: number; send: () => void }[] = [];

  constructor(
    readonly sim: Simulation,
    seed: number,
    readonly settings: StructureRunSettings,
  ) {
    this.groups = placementGroups(sim.topology);
    this.prng = createPrng(seed ^ 0x5eed57c);
  }

  onClientReply(_nowMs: number, call: ClientCall): void {
    if (call.reply) this.heard.set(call.callId, call.reply);
  }

  apply(input: SimInput): void {
    this.sim.apply(input);
    this.applied.push(input);
  }

  /** Sends a request to a replica of its key; `onReply` hears its reply, or null once it is lost. */
  send(request: StructureRequest, onReply: (reply: ClientReply | null) => void): void {
    const replicas = placeKey(this.groups, request.key).replicas;
    const node = replicas[nextInt(this.prng, 0, replicas.length - 1)]!;
    const requestId = `c${this.sim.state.nextRequestSeq}`;
    const deadlineMs = this.sim.nowMs + this.settings.patienceMs;
    this.apply({ kind: 'client', node, op: request, deadlineMs });
    this.outstanding.push({ requestId, lostAtMs: deadlineMs + graceMs, onReply });
  }

  /** Sends now after a success, after a random backoff after a failure. */
  later(afterFailure: boolean, send: () => void): void {
    if (!afterFailure) return send();
    this.scheduled.push({ atMs: this.sim.nowMs + nextInt(this.prng, 1, 50), send });
  }

  /** Advances to `toMs` in steps, letting clients act on what they heard after each. */
  advanceTo(toMs: number, due: () => void): void {
    do {
      this.react(due);
      const target = Math.min(toMs, this.sim.nowMs + this.settings.stepMs);
      if (target > this.sim.nowMs) this.apply({ kind: 'advance', toMs: target });
    } while (this.sim.nowMs < toMs);
    this.react(due);
  }

  get busy(): boolean {
    return this.outstanding.length > 0 || this.scheduled.length > 0;
  }

  private react(due: () => void): void {
    const nowMs = this.sim.nowMs;
    const waiting = this.outstanding;
    this.outstanding = [];
    for (const entry of waiting) {
      const reply = this.heard.get(entry.requestId);
      if (reply) entry.onReply(reply);
      else if (nowMs >= entry.lostAtMs) entry.onReply(null);
      else this.outstanding.push(entry);
    }
    const ready = this.scheduled.filter((entry) => entry.atMs <= nowMs);
    this.scheduled = this.scheduled.filter((entry) => entry.atMs > nowMs);
    for (const entry of ready) entry.send();
    due();
  }
}

/** Drives one structure client to its end. */
function start(driver: Driver, client: StructureClient, records: StructureRecord[]): void {
  const go = (request: StructureRequest | null): void => {
    if (request === null) {
      records.push(client.done!);
      return;
    }
    driver.send(request, (reply) =>
      driver.later(!reply?.ok, () => go(client.onReply(reply, driver.sim.nowMs))),
    );
  };
  go(client.request());
}

/** Reads segment after segment until one does not exist; else the key whose reads do not get through. */
function readQueue(driver: Driver, queue: string): QueueItem[] | { unreadKey: string } {
  const items: QueueItem[] = [];
  let segment = 0;
  let finished = false;
  const read = (): void =>
    driver.send({ kind: 'get', key: queueSegmentKey(queue, segment) }, (reply) => {
      if (!reply?.ok) return driver.later(true, read);
      if (reply.value === null) {
        finished = true;
        return;
      }
      items.push(...decodeSegment(queueSegmentKey(queue, segment), segment, reply.value).items);
      segment += 1;
      read();
    });
  read();
  const giveUpAtMs = driver.sim.nowMs + finalReadBoundMs;
  while (!finished && driver.sim.nowMs < giveUpAtMs) {
    driver.advanceTo(driver.sim.nowMs + driver.settings.stepMs, () => undefined);
  }
  return finished ? items : { unreadKey: queueSegmentKey(queue, segment) };
}

export function runWithStructures(
  plan: StructureRunPlan,
  settings: StructureRunSettings = defaultStructureSettings,
): StructureRunResult {
  const sim = new Simulation(plan.seed, plan.options);
  const driver = new Driver(sim, plan.seed, settings);
  sim.observers = [...(settings.observers ?? []), driver];
  const clientOptions = { ...settings, valueBytesMax: sim.topology.limits.valueBytesMax };
  const records: StructureRecord[] = [];
  const pending = [...plan.structureOps];
  const due = (): void => {
    while (pending.length > 0 && pending[0]!.atMs <= sim.nowMs) {
      const { id, op } = pending.shift()!;
      start(driver, new StructureClient(id, op, sim.nowMs, clientOptions), records);
    }
  };
  /** The run's request n (c<n> as randomRun numbered it) is the simulation's request ids.get(n). */
  const ids = new Map<string, string>();
  for (const input of plan.inputs) {
    if (input.kind === 'advance') {
      driver.advanceTo(input.toMs, due);
    } else if (input.kind === 'client') {
      ids.set(`c${ids.size + 1}`, `c${sim.state.nextRequestSeq}`);
      driver.apply(input);
    } else if (input.kind === 'retry') {
      driver.apply({ ...input, of: ids.get(input.of) ?? input.of });
    } else {
      driver.apply(input);
    }
  }
  while (pending.length > 0 || driver.busy) driver.advanceTo(sim.nowMs + settings.stepMs, due);
  const final = readQueue(driver, plan.queue);
  const exported: RunExport = { seed: plan.seed, options: plan.options, inputs: driver.applied };
  return Array.isArray(final)
    ? { exported, records, finalQueue: final, unreadKey: null, sim }
    : { exported, records, finalQueue: null, unreadKey: final.unreadKey, sim };
}

/** The queue and set every seeded structure run uses. */
export const simulatedQueue = 'jobs';
export const simulatedSet = 'tags';

/**
 * A seed's random run (randomRun: options, workload, retries, faults, heal, final reads) with queue and
 * set operations mixed in over its chaos phase. `density` scales how many there are.
 */
export function structureRunPlan(seed: number, density = 1): StructureRunPlan {
  const run = randomRun(seed);
  const prng = createPrng(seed ^ 0x51ec7);
  const structureOps = randomStructureWorkload(prng, {
    queue: simulatedQueue,
    set: simulatedSet,
    operationCount: Math.round(nextInt(prng, 20, 40) * density),
    durationMs: run.chaosEndMs,
    memberCount: 4,
  });
  return { seed, options: run.options ?? {}, inputs: run.inputs, structureOps, queue: simulatedQueue };
}
