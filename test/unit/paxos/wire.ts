/**
 * A tiny hand-wired cluster for the core's unit tests: every node is a NodeState, messages wait in a
 * list until the test delivers, drops or duplicates them, and each node's persisted records are kept
 * as its "disk" so a test can restart a node from them. No simulator, no clock but explicit ticks.
 */
import { defaultTopology, placementGroups } from '../../../app/model/topology';
import { createNodeState, defaultCoreConfig, placeKey, step } from '../../../app/paxos';
import type {
  ClientReply,
  CoreConfig,
  CoreEvent,
  CoreInput,
  RelearnInput,
  KeyRecord,
  KvOperation,
  NodeId,
  NodeState,
  PeerMessage,
  PlacementGroup,
  Ready,
} from '../../../app/paxos';

export const groups: PlacementGroup[] = placementGroups(defaultTopology());

export const bytes = (text: string) => new TextEncoder().encode(text);
export const text = (data: Uint8Array | null) => (data === null ? null : new TextDecoder().decode(data));

/** A key whose replicas (A, B, C) are returned with it, found by trying names in order. */
export function keyWithReplicas(prefix = 'k'): { key: string; a: NodeId; b: NodeId; c: NodeId } {
  const key = `${prefix}1`;
  const [a, b, c] = placeKey(groups, key).replicas;
  return { key, a, b, c };
}

export type MessageFilter = (message: PeerMessage) => boolean;

/** Matches messages by type, sender and receiver, any of which may be omitted. */
export function match(type?: PeerMessage['type'], from?: NodeId, to?: NodeId): MessageFilter {
  return (m) => (!type || m.type === type) && (!from || m.from === from) && (!to || m.to === to);
}

export class Wire {
  readonly nodes = new Map<NodeId, NodeState>();
  readonly disks = new Map<NodeId, Map<string, KeyRecord>>();
  inFlight: PeerMessage[] = [];
  readonly replies: { node: NodeId; reply: ClientReply }[] = [];
  readonly events: { node: NodeId; event: CoreEvent }[] = [];
  /** Every Ready that changed a node's durable flags, with what it wrote beside them. */
  readonly metaWrites: { node: NodeId; ready: Ready }[] = [];
  nowMs = 0;
  /** Called after every step of every node, for checkers that must see each intermediate state. */
  afterStep: (node: NodeId) => void = () => {};
  private requestSeq = 0;
  private readonly armedBeforePersist = new Set<NodeId>();

  constructor(readonly configure: (config: CoreConfig) => CoreConfig = (config) => config) {
    for (const group of groups) {
      group.members.forEach((node, m) => this.start(node, { seed: m + 1 }));
    }
  }

  config(node: NodeId): CoreConfig {
    return this.configure(defaultCoreConfig(node, groups));
  }

  /**
   * (Re)starts a node from its disk, as after a crash; `wipe` empties the disk first. Messages in
   * flight stay in flight (a test drops them when it wants them lost with the crash).
   */
  start(node: NodeId, options: { seed: number; wipe?: boolean; learnerOnly?: boolean }): NodeState {
    if (options.wipe) this.disks.delete(node);
    const records = [...(this.disks.get(node)?.values() ?? [])];
    const state = createNodeState(this.config(node), {
      seed: options.seed,
      records,
      learnerOnly: options.learnerOnly ?? false,
      nowMs: this.nowMs,
    });
    this.nodes.set(node, state);
    return state;
  }

  /**
   * Arms `node` to crash at its next step that writes: the messages that may leave before the persist
   * go out, then the node stops (removed from `nodes`) before anything reaches its disk.
   */
  crashBeforePersist(node: NodeId): void {
    this.armedBeforePersist.add(node);
  }

  /**
   * Steps a node and executes its Ready: queue what may leave before the persist, persist to its disk,
   * then queue the other messages and collect the rest.
   */
  input(node: NodeId, input: CoreInput | RelearnInput) {
    const { state, ready } = step(this.nodes.get(node)!, input);
    this.nodes.set(node, state);
    this.inFlight.push(...(ready.sendBeforePersist ?? []));
    if (this.armedBeforePersist.has(node) && (ready.persist.length > 0 || ready.meta)) {
      this.armedBeforePersist.delete(node);
      this.nodes.delete(node);
      return ready;
    }
    const disk = this.disks.get(node) ?? new Map<string, KeyRecord>();
    for (const { key, record } of ready.persist) disk.set(key, structuredClone(record));
    if (ready.meta) this.metaWrites.push({ node, ready });
    this.disks.set(node, disk);
    this.inFlight.push(...ready.messages);
    for (const reply of ready.replies) this.replies.push({ node, reply });
    for (const event of ready.events) this.events.push({ node, event });
    this.afterStep(node);
    return ready;
  }

  request(node: NodeId, operation: KvOperation, requestId = `r${++this.requestSeq}`) {
    this.input(node, { kind: 'client', request: { requestId, operation } });
    return requestId;
  }

  put(node: NodeId, key: string, value: string, requestId?: string) {
    return this.request(node, { kind: 'put', key, value: bytes(value) }, requestId);
  }

  get(node: NodeId, key: string) {
    return this.request(node, { kind: 'get', key });
  }

  /** Removes and returns the first in-flight message the filter matches. */
  take(filter: MessageFilter): PeerMessage | undefined {
    const index = this.inFlight.findIndex(filter);
    if (index < 0) return undefined;
    return this.inFlight.splice(index, 1)[0];
  }

  deliver(filter: MessageFilter = () => true): PeerMessage {
    const message = this.take(filter);
    if (!message) throw new Error('no in-flight message matches');
    this.input(message.to, { kind: 'receive', message });
    return message;
  }

  drop(filter: MessageFilter): number {
    const before = this.inFlight.length;
    this.inFlight = this.inFlight.filter((m) => !filter(m));
    return before - this.inFlight.length;
  }

  /** Delivers messages in send order until none matching is left (bounded, so a bug cannot hang). */
  settle(filter: MessageFilter = () => true, stepsMax = 10_000): void {
    for (let i = 0; i < stepsMax; i++) {
      if (!this.inFlight.some(filter)) return;
      this.deliver(filter);
    }
    throw new Error(`still busy after ${stepsMax} deliveries`);
  }

  /** Advances every node's clock by `ms` in one tick. */
  tick(ms: number): void {
    this.nowMs += ms;
    for (const node of this.nodes.keys()) this.input(node, { kind: 'tick', nowMs: this.nowMs });
  }

  /** Ticks in small steps, delivering everything between ticks. */
  run(ms: number, stepMs = 5): void {
    for (let t = 0; t < ms; t += stepMs) {
      this.settle();
      this.tick(stepMs);
    }
    this.settle();
  }

  replyTo(requestId: string): ClientReply | undefined {
    return this.replies.find(({ reply }) => reply.requestId === requestId)?.reply;
  }

  eventsOf(type: CoreEvent['type'], node?: NodeId): CoreEvent[] {
    return this.events.filter((e) => e.event.type === type && (!node || e.node === node)).map((e) => e.event);
  }

  state(node: NodeId): NodeState {
    return this.nodes.get(node)!;
  }
}
