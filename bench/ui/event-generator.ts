/**
 * Generates the event stream of a busy cluster for the UI benchmark: fast-path writes on many keys, each
 * as its agents would report it (proposal, fast accepts sent and received, accepts, synced PLog
 * writes, replies, chosen broadcast), with per-agent sequence numbers and message ids that pair.
 */
import type { ClusterEvent, ClusterEventBody } from '../../app/model/cluster-event';
import { placeKey } from '../../app/paxos/placement';
import type { NodeId, PlacementGroup } from '../../app/paxos/types';
import { createPrng, nextInt, type PrngState } from '../../app/util/prng';

export interface GeneratorOptions {
  groups: PlacementGroup[];
  /** The agents that report events; keys with a replica outside this set are not written. */
  agents: NodeId[];
  keys: number;
  seed: number;
}

type Where = { key?: string; index?: number; ballot?: { counter: number; role: number } };

export class EventGenerator {
  private readonly seqs = new Map<NodeId, number>();
  private readonly messageCounters = new Map<NodeId, number>();
  private readonly indexes = new Map<string, number>();
  private readonly prng: PrngState;
  private readonly writableKeys: string[];
  private writes = 0;
  /** Everything generated so far, to tell how many messages a given event rate brings. */
  private eventsMade = 0;
  private messagesMade = 0;

  constructor(private readonly options: GeneratorOptions) {
    if (options.keys < 1) throw new RangeError(`keys: must be at least 1, got ${options.keys}`);
    const agents = new Set(options.agents);
    this.writableKeys = Array.from({ length: options.keys }, (_, i) => `key-${i + 1}`).filter((key) =>
      placeKey(options.groups, key).replicas.every((node) => agents.has(node)),
    );
    if (this.writableKeys.length === 0)
      throw new RangeError('agents: no key has all three replicas among them');
    this.prng = createPrng(options.seed);
  }

  /** At least `count` events (whole writes), stamped from `nowMs` on, a fraction of a millisecond apart. */
  eventsAt(count: number, nowMs: number): ClusterEvent[] {
    const events: ClusterEvent[] = [];
    for (let write = 0; events.length < count; write += 1) this.write(events, nowMs + write * 0.05);
    this.eventsMade += events.length;
    return events;
  }

  /** Messages sent per event in the stream made so far (a write of three replicas sends 6 in 22). */
  messagesPerEvent(): number {
    return this.eventsMade === 0 ? 0 : this.messagesMade / this.eventsMade;
  }

  private write(out: ClusterEvent[], startMs: number): void {
    this.writes += 1;
    const key = this.writableKeys[nextInt(this.prng, 0, this.writableKeys.length - 1)]!;
    const replicas = placeKey(this.options.groups, key).replicas;
    const proposerRole = nextInt(this.prng, 0, 2);
    const proposer = replicas[proposerRole]!;
    const peers = replicas.filter((node) => node !== proposer);
    const index = (this.indexes.get(key) ?? 0) + 1;
    this.indexes.set(key, index);
    const ballot = { counter: 0, role: proposerRole + 1 };
    const requestId = `r${this.writes}`;
    const at = { key, index, ballot };
    let timeMs = startMs;
    const emit = (agent: NodeId, body: ClusterEventBody, where: Where = at) => {
      timeMs += 0.02;
      out.push(this.stamp(agent, timeMs, body, where));
    };
    emit(proposer, { type: 'proposalStarted', requestId, fast: true });
    emit(proposer, { type: 'plogWritten', keys: [key], synced: true, durationMs: 0.2 });
    const accepts = peers.map((peer) => this.send(emit, proposer, peer, 'fastAccept'));
    peers.forEach((peer, i) => {
      this.receive(emit, accepts[i]!, proposer, peer, 'fastAccept');
      emit(peer, { type: 'acceptedValue', requestId });
      emit(peer, { type: 'plogWritten', keys: [key], synced: true, durationMs: 0.2 });
      const reply = this.send(emit, peer, proposer, 'fastAccepted');
      this.receive(emit, reply, peer, proposer, 'fastAccepted');
    });
    emit(proposer, { type: 'chosen', requestId, version: index });
    emit(proposer, { type: 'replied', requestId, ok: true });
    for (const peer of peers) {
      const chosen = this.send(emit, proposer, peer, 'chosen');
      this.receive(emit, chosen, proposer, peer, 'chosen');
      emit(peer, { type: 'chosen', requestId, version: index });
    }
  }

  private send(emit: EmitFn, from: NodeId, to: NodeId, type: MessageType): string {
    const counter = (this.messageCounters.get(from) ?? 0) + 1;
    this.messageCounters.set(from, counter);
    const messageId = `${from}:${counter}`;
    this.messagesMade += 1;
    emit(from, { type: 'messageSent', messageId, messageType: type, peer: to });
    return messageId;
  }

  private receive(emit: EmitFn, messageId: string, from: NodeId, to: NodeId, type: MessageType): void {
    emit(to, { type: 'messageReceived', messageId, messageType: type, peer: from });
  }

  private stamp(agent: NodeId, timeMs: number, body: ClusterEventBody, where: Where): ClusterEvent {
    const seq = (this.seqs.get(agent) ?? 0) + 1;
    this.seqs.set(agent, seq);
    return { agent, seq, timeMs, ...where, ...body } as ClusterEvent;
  }
}

type MessageType = 'fastAccept' | 'fastAccepted' | 'chosen';
type EmitFn = (agent: NodeId, body: ClusterEventBody, where?: Where) => void;
