/**
 * Replays a trace recorded from real agents (app/model/trace-format.ts) in the simulator, as far as
 * its events give the inputs: client requests (where each first shows), faults (their descriptions are
 * worded as scenario commands), crashes, restarts and wipes, and held messages released by hand, each
 * at the time it happened. Then it compares the protocol's story, agent by agent, and names the first
 * event where the simulation and the real run part, with both sides. A trace does not carry written
 * values, so each write writes its own request id; and real latencies are not the simulator's, so a
 * race can go the other way: the divergence says where.
 */
import { paxosRoundTypes, type ClusterEvent } from '../model/cluster-event';
import type { FaultChange } from '../model/fault-model';
import { nodeLocations, type Topology } from '../model/topology';
import type { Trace } from '../model/trace-format';
import { formatBallot } from '../paxos/ballot';
import { createClusterEventRecorder } from './cluster-events';
import { simulatedMsMax, type ClientOp, type SimInputDraft } from './inputs';
import { exportRun, type RunExport } from './run-export';
import { parseLink, parseLinkRule, parseSplit, splitWords } from './scenario-words';
import { heldMessages } from './sim-network';
import { Simulation } from './simulation';
import { History } from './time-travel';

/** Simulated time the replay runs on after the trace's last event, so answers still flying arrive. */
export const replaySettleMs = 2_000;

/** The events compared: the protocol's own steps (backoff waits are jittered, so they are left out). */
const storyTypes = new Set<ClusterEvent['type']>([...paxosRoundTypes, 'replied', 'learnerOnly']);

export interface ReplayDivergence {
  agent: string;
  /** How many story events of this agent matched before it. */
  position: number;
  /** The real event there, or null when the real agent's story ended first. */
  real: ClusterEvent | null;
  /** The simulated event there, or null when the simulated story ended first. */
  simulated: ClusterEvent | null;
}

export interface TraceReplay {
  /** The inputs the trace gave, as a run: open it in the simulator or share it. */
  run: RunExport;
  /** Real request ids and the simulator's names for them, in the order they were first seen. */
  requests: Map<string, string>;
  /** Story events (all agents) that matched before each agent's divergence, or in all. */
  matched: number;
  /** The earliest point where the runs part; null when every story event matched. */
  divergence: ReplayDivergence | null;
  /** Events of the trace that gave no input, and why. */
  skipped: string[];
}

/** Replays a parsed trace; `seed` picks the simulator's latencies and jitter. */
export function replayTrace(trace: Trace, seed = 1): TraceReplay {
  const real = [...trace.events].sort((a, b) => a.timeMs - b.timeMs);
  const startMs = real[0]?.timeMs ?? 0;
  const simulated: ClusterEvent[] = [];
  const topology = trace.topology ?? undefined;
  const sim = new Simulation(seed, { topology, protocol: topology?.protocol ?? 'paxoskv' });
  sim.observers = [
    createClusterEventRecorder(sim.state.nodeOrder, (e) => simulated.push(e), sim.options.protocol),
  ];
  const history = new History(sim);
  const inputs = new TraceInputs(history, topology ?? sim.topology);
  for (const event of real) {
    const atMs = Math.min(Math.round(event.timeMs - startMs), simulatedMsMax);
    if (atMs > sim.nowMs) history.apply({ kind: 'advance', toMs: atMs });
    inputs.take(event);
  }
  history.apply({ kind: 'advance', toMs: Math.min(sim.nowMs + replaySettleMs, simulatedMsMax) });
  const { matched, divergence } = compareStories(real, simulated, inputs.requests, startMs);
  return { run: exportRun(history), requests: inputs.requests, matched, divergence, skipped: inputs.skipped };
}

/** Turns the real events into simulator inputs, applied to the history as they come. */
class TraceInputs {
  readonly requests = new Map<string, string>();
  readonly skipped: string[] = [];
  /** Where each request's attempts went. */
  private readonly attempts = new Map<string, Set<string>>();
  /** Fault descriptions applied so far, and how many of them each agent has reported. */
  private readonly faults: string[] = [];
  private readonly faultsSeen = new Map<string, number>();
  private readonly datacenterNodes: Map<string, string[]>;

  constructor(
    private readonly history: History,
    topology: Topology,
  ) {
    this.datacenterNodes = new Map();
    for (const node of nodeLocations(topology)) {
      this.datacenterNodes.set(node.datacenterId, [
        ...(this.datacenterNodes.get(node.datacenterId) ?? []),
        node.id,
      ]);
    }
  }

  take(event: ClusterEvent): void {
    switch (event.type) {
      case 'proposalStarted':
        return this.request(event, { kind: 'put', key: event.key ?? '', value: event.requestId });
      case 'replied':
        return this.request(event, { kind: 'get', key: event.key ?? '' });
      case 'faultApplied':
        return this.fault(event);
      case 'nodeStopped':
        if (this.running(event.agent)) this.apply(event, { kind: 'crash', node: event.agent });
        return;
      case 'nodeStarted':
        // An agent's first start is the simulated node's own; a later one follows a stop.
        if (!this.running(event.agent)) {
          this.apply(event, { kind: event.learnerOnly ? 'wipe' : 'restart', node: event.agent });
        }
        return;
      case 'messageReleased':
        return this.release(event);
      default:
        return;
    }
  }

  private get sim(): Simulation {
    return this.history.sim;
  }

  private running(node: string): boolean {
    return Boolean(this.sim.state.nodes[node]?.core);
  }

  /**
   * A request id seen for the first time starts a client request at that agent: a write when a
   * proposal shows it first, else a read. Seen answered at another agent later, it is a retry there.
   */
  private request(event: ClusterEvent & { requestId: string }, op: ClientOp): void {
    const requestId = event.requestId;
    if (requestId === '' || event.key === undefined) return;
    const known = this.requests.get(requestId);
    if (known === undefined) {
      this.requests.set(requestId, `c${this.sim.state.nextRequestSeq}`);
      this.attempts.set(requestId, new Set([event.agent]));
      return this.apply(event, { kind: 'client', node: event.agent, op });
    }
    const sentTo = this.attempts.get(requestId)!;
    if (event.type !== 'replied' || sentTo.has(event.agent)) return;
    sentTo.add(event.agent);
    this.apply(event, { kind: 'retry', of: known, node: event.agent });
  }

  /** Every agent reports each fault; a description this agent has not reported since it was applied is new. */
  private fault(event: Extract<ClusterEvent, { type: 'faultApplied' }>): void {
    const { agent, description } = event;
    const seen = this.faultsSeen.get(agent) ?? 0;
    if (this.faults[seen] === description) {
      this.faultsSeen.set(agent, seen + 1);
      return;
    }
    const change = this.faultChange(description);
    if (!change) return this.skip(event, `no fault reads "${description}"`);
    this.faults.push(description);
    this.faultsSeen.set(agent, this.faults.length);
    this.apply(event, { kind: 'fault', change });
  }

  /** A fault's description is worded as the scenario command that makes it (fault-description.ts). */
  private faultChange(description: string): FaultChange | null {
    const oneWay = description.endsWith(' (one way, earlier → later cut)');
    const words = splitWords(oneWay ? description.replace(/ \(one way.*$/, '') : description);
    const [verb = '', ...args] = words;
    switch (verb) {
      case 'partition': {
        const split = parseSplit(args, this.datacenterNodes);
        return { kind: 'partition', split: { ...split, oneWay } };
      }
      case 'cut':
        return { kind: 'cut', ...parseLink(args) };
      case 'link':
        return { kind: 'link', rule: parseLinkRule(args) } as FaultChange;
      case 'pause':
      case 'resume':
        return args[0] ? { kind: verb, node: args[0] } : null;
      case 'hold':
      case 'unhold':
        return args[0] === 'all' ? { kind: verb } : { kind: verb, link: parseLink(args) };
      case 'heal':
        return { kind: 'heal' };
      default:
        return null;
    }
  }

  /** A message released from the hold tray: the simulator's held message with the same link and entry. */
  private release(event: Extract<ClusterEvent, { type: 'messageReleased' }>): void {
    const wire = heldMessages(this.sim.state.network).find(
      ({ message }) =>
        message.from === event.agent &&
        message.to === event.peer &&
        message.type === event.messageType &&
        message.key === event.key &&
        (!('index' in message) || message.index === event.index),
    );
    if (!wire) return this.skip(event, 'no held message in the simulation matches it');
    this.apply(event, { kind: event.action, wireId: wire.wireId });
  }

  private apply(event: ClusterEvent, input: SimInputDraft): void {
    try {
      this.history.apply(input);
    } catch (error) {
      this.skip(event, (error as Error).message);
    }
  }

  private skip(event: ClusterEvent, why: string): void {
    this.skipped.push(`${event.agent} #${event.seq} ${event.type}: ${why}`);
  }
}

/** The fields that must agree, with real request ids in the simulator's names. */
function storyText(event: ClusterEvent, requests: ReadonlyMap<string, string>): string {
  const {
    agent: _agent,
    seq: _seq,
    timeMs: _timeMs,
    ballot,
    ...fields
  } = event as ClusterEvent & Record<string, unknown>;
  if ('requestId' in fields) fields.requestId = requests.get(fields.requestId as string) ?? fields.requestId;
  if (event.type === 'catchUp') delete fields.peer; // whichever peer answered first
  if (ballot) fields.ballot = formatBallot(ballot);
  if ('by' in fields) fields.by = formatBallot(fields.by as NonNullable<ClusterEvent['ballot']>);
  return JSON.stringify(Object.entries(fields).sort(([a], [b]) => a.localeCompare(b)));
}

function storiesByAgent(events: readonly ClusterEvent[]): Map<string, ClusterEvent[]> {
  const byAgent = new Map<string, ClusterEvent[]>();
  for (const event of events) {
    if (!storyTypes.has(event.type)) continue;
    byAgent.set(event.agent, [...(byAgent.get(event.agent) ?? []), event]);
  }
  return byAgent;
}

/** Walks each agent's story on both sides; the divergence is the one that happened first (in run time). */
function compareStories(
  real: readonly ClusterEvent[],
  simulated: readonly ClusterEvent[],
  requests: ReadonlyMap<string, string>,
  startMs: number,
): { matched: number; divergence: ReplayDivergence | null } {
  const realStories = storiesByAgent(real);
  const simulatedStories = storiesByAgent(simulated);
  let matched = 0;
  let first: { atMs: number; divergence: ReplayDivergence } | null = null;
  for (const agent of new Set([...realStories.keys(), ...simulatedStories.keys()])) {
    const ours = realStories.get(agent) ?? [];
    const theirs = simulatedStories.get(agent) ?? [];
    let position = 0;
    while (position < Math.max(ours.length, theirs.length)) {
      const realEvent = ours[position] ?? null;
      const simulatedEvent = theirs[position] ?? null;
      if (
        realEvent &&
        simulatedEvent &&
        storyText(realEvent, requests) === storyText(simulatedEvent, requests)
      ) {
        position += 1;
        continue;
      }
      const atMs = realEvent ? realEvent.timeMs - startMs : simulatedEvent!.timeMs;
      if (!first || atMs < first.atMs) {
        first = { atMs, divergence: { agent, position, real: realEvent, simulated: simulatedEvent } };
      }
      break;
    }
    matched += position;
  }
  return { matched, divergence: first?.divergence ?? null };
}
