/**
 * A six-node multi-Paxos group wired by hand: messages sit in one in-flight list until a test delivers,
 * drops or reorders them; time moves only when a test ticks it; a crash throws the node's state away
 * and a restart rebuilds it from the records its Readys persisted (checked before they are stored and
 * after they are read back, copied both ways so the disk never shares objects with the core).
 */
import { expect } from 'vitest';
import { defaultCoreConfig, placeKey } from '../../../app/paxos';
import type {
  ClientReply,
  ClientRequest,
  CoreConfig,
  NodeId,
  PlacementGroup,
} from '../../../app/paxos/types';
import {
  multiPaxos,
  type GroupState,
  type MultiPaxosEvent,
  type MultiPaxosMessage,
  type MultiPaxosNodeState,
  type MultiPaxosRecord,
} from '../../../app/multipaxos';

export const members: NodeId[] = ['n0', 'n1', 'n2', 'n3', 'n4', 'n5'];
export const groups: PlacementGroup[] = [{ id: 'g0', members }];

export const bytes = (text: string) => new TextEncoder().encode(text);
export const text = (value: Uint8Array | null | undefined) =>
  value === null || value === undefined ? null : new TextDecoder().decode(value);

/** The first key "k<i>" whose three replicas satisfy `accept`. */
export function keyWhere(accept: (replicas: NodeId[]) => boolean): { key: string; replicas: NodeId[] } {
  for (let i = 0; i < 10_000; i++) {
    const key = `k${i}`;
    const { replicas } = placeKey(groups, key);
    if (accept(replicas)) return { key, replicas };
  }
  throw new Error('no key fits');
}

export const put = (requestId: string, key: string, value: string): ClientRequest => ({
  requestId,
  operation: { kind: 'put', key, value: bytes(value) },
});
export const get = (requestId: string, key: string): ClientRequest => ({
  requestId,
  operation: { kind: 'get', key },
});
export const cas = (
  requestId: string,
  key: string,
  value: string,
  expectedVersion: number,
): ClientRequest => ({
  requestId,
  operation: { kind: 'cas', key, value: bytes(value), expectedVersion },
});

function fail(message: string): never {
  throw new Error(message);
}

interface Disk {
  records: Map<string, MultiPaxosRecord>;
  learnerOnly: boolean;
}

type Input = Parameters<typeof multiPaxos.step>[1];
type Pred = (message: MultiPaxosMessage) => boolean;

export class Cluster {
  states = new Map<NodeId, MultiPaxosNodeState | null>();
  disks = new Map<NodeId, Disk>();
  inFlight: MultiPaxosMessage[] = [];
  replies: { node: NodeId; reply: ClientReply }[] = [];
  events: { node: NodeId; event: MultiPaxosEvent }[] = [];
  nowMs = 0;
  private lives = 0;

  constructor(private readonly configure: (config: CoreConfig) => void = () => {}) {
    for (const id of members) {
      this.disks.set(id, { records: new Map(), learnerOnly: false });
      this.states.set(id, multiPaxos.createNode(this.configOf(id), { seed: members.indexOf(id) + 1 }));
    }
  }

  configOf(id: NodeId): CoreConfig {
    const config = defaultCoreConfig(id, groups);
    this.configure(config);
    return config;
  }

  isUp(id: NodeId): boolean {
    return this.states.get(id) !== null;
  }

  up(): NodeId[] {
    return members.filter((id) => this.isUp(id));
  }

  run(node: NodeId, input: Input): void {
    const before = this.states.get(node);
    if (!before) return;
    const { state, ready } = multiPaxos.step(before, input);
    this.states.set(node, state);
    const disk = this.disks.get(node)!;
    // Plain checks rather than expect(): this runs for every step of every seed.
    for (const { key, record } of ready.persist) {
      const problem = multiPaxos.checkRecord(record);
      if (problem !== null || record.key !== key) fail(`${node} persists ${key}: ${problem ?? record.key}`);
      const mustSync = record.kind === 'promise' || !record.chosen;
      if (mustSync && !ready.mustSync) fail(`${node}: ${key} is revealed before it is synced`);
      disk.records.set(key, multiPaxos.copyRecord(record));
    }
    if (ready.meta) {
      if (!ready.mustSync) fail(`${node}: the learner flag is written unsynced`);
      disk.learnerOnly = ready.meta.learnerOnly;
    }
    this.inFlight.push(...ready.messages.map((message) => structuredClone(message)));
    for (const reply of ready.replies) this.replies.push({ node, reply });
    for (const event of ready.events) this.events.push({ node, event });
  }

  client(node: NodeId, request: ClientRequest): void {
    this.run(node, { kind: 'client', request });
  }

  /** Delivers the in-flight messages `accept` picks, and those they cause, until none is picked. */
  deliverWhere(accept: Pred, limit = 100_000): void {
    for (let n = 0; n < limit; n++) {
      const index = this.inFlight.findIndex(accept);
      if (index < 0) return;
      const [message] = this.inFlight.splice(index, 1);
      this.run(message!.to, { kind: 'receive', message: message! });
    }
    throw new Error('deliverWhere did not settle');
  }

  dropWhere(accept: Pred): void {
    this.inFlight = this.inFlight.filter((message) => !accept(message));
  }

  /** Delivers everything in order (`drop` loses a message instead), until nothing is in flight. */
  deliverAll(drop: Pred = () => false, limit = 100_000): void {
    for (let n = 0; n < limit && this.inFlight.length > 0; n++) {
      const message = this.inFlight.shift()!;
      if (!drop(message)) this.run(message.to, { kind: 'receive', message });
    }
    if (this.inFlight.length > 0) throw new Error('deliverAll did not settle');
  }

  /** Moves time to `nowMs` on every live node. */
  tickTo(nowMs: number): void {
    this.nowMs = Math.max(this.nowMs, nowMs);
    for (const id of this.up()) this.run(id, { kind: 'tick', nowMs: this.nowMs });
  }

  tickNode(id: NodeId, nowMs: number): void {
    this.run(id, { kind: 'tick', nowMs });
  }

  /** Ticks every `stepMs` for `durationMs`, delivering everything (but what `drop` loses) after each tick. */
  runFor(durationMs: number, drop: Pred = () => false, stepMs = 10): void {
    const end = this.nowMs + durationMs;
    while (this.nowMs < end) {
      this.tickTo(this.nowMs + stepMs);
      this.deliverAll(drop);
    }
  }

  /**
   * Loses the node's state (its disk stays). Its messages in flight are lost too, unless
   * `keepInFlight`: then what it sent may still arrive, and what was sent to it reaches its next life
   * if that starts first.
   */
  crash(id: NodeId, options: { keepInFlight?: boolean } = {}): void {
    this.states.set(id, null);
    if (!options.keepInFlight) this.dropWhere((message) => message.to === id || message.from === id);
  }

  restart(id: NodeId, options: { wipe?: boolean } = {}): void {
    const disk = this.disks.get(id)!;
    if (options.wipe) {
      disk.records.clear();
      disk.learnerOnly = true;
    }
    const records = [...disk.records.values()].map((record) => multiPaxos.copyRecord(record));
    for (const record of records)
      expect(multiPaxos.checkRecord(record), `${id} reads ${record.key}`).toBeNull();
    this.lives += 1;
    const start = {
      seed: 100 * this.lives + members.indexOf(id),
      records,
      learnerOnly: disk.learnerOnly,
      nowMs: this.nowMs,
      firstMessageSeq: this.lives * 1_000_000,
    };
    this.states.set(id, multiPaxos.createNode(this.configOf(id), start));
  }

  group(id: NodeId): GroupState {
    const state = this.states.get(id);
    if (!state) throw new Error(`${id} is down`);
    return state.groups.g0!;
  }

  /** The live node serving as leader, if exactly one does. */
  leader(): NodeId | null {
    const serving = this.up().filter((id) => this.group(id).leader?.phase === 'serving');
    return serving.length === 1 ? serving[0]! : null;
  }

  /** Runs until one leader serves and every live member follows its view. */
  settle(maxMs = 5_000): NodeId {
    for (let spent = 0; spent < maxMs; spent += 10) {
      this.runFor(10);
      const leader = this.leader();
      const view = leader && this.group(leader).view;
      const agreed = this.up().every(
        (id) => this.group(id).view === view && this.group(id).status === 'normal',
      );
      if (leader && agreed) return leader;
    }
    throw new Error('no leader settled');
  }

  reply(requestId: string): ClientReply {
    const found = this.replies.find((candidate) => candidate.reply.requestId === requestId);
    expect(found, `a reply to ${requestId}`).toBeDefined();
    return found!.reply;
  }

  /** The tag at each slot up to the node's commit point. */
  applied(id: NodeId): string[] {
    const group = this.group(id);
    const tags: string[] = [];
    for (let slot = 1; slot <= group.commitPoint; slot++) tags.push(group.log[slot]!.command.tag);
    return tags;
  }

  eventsOf<T extends MultiPaxosEvent['type']>(type: T, node?: NodeId) {
    return this.events
      .filter((entry) => entry.event.type === type && (node === undefined || entry.node === node))
      .map((entry) => entry.event as Extract<MultiPaxosEvent, { type: T }>);
  }
}
