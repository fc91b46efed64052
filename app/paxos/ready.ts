/**
 * Builds the one output of a step. Handlers write into a StepContext; finishStep turns it into a Ready
 * in the order the shell must execute it: the messages that may go before the persist, the persist
 * (synced when any write needs it), then messages, replies and events.
 */
import { assert } from '../util/assert';
import { checkOutgoingMessage, checkRecordChange, checkRecordInvariants } from './invariants';
import type {
  ClientReply,
  CoreEvent,
  KeyRecord,
  NodeId,
  NodeMeta,
  NodeState,
  PeerMessage,
  Ready,
  StepResult,
} from './types';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A message before the context stamps it with an id and the sender. */
export type OutgoingMessage = DistributiveOmit<PeerMessage, 'id' | 'from'>;

export interface StepContext {
  state: NodeState;
  /** Keys whose record changed in this step, with whether the write must be synced. */
  persisted: Map<string, boolean>;
  /** The node's durable flags when this step changed them; always written synced. */
  meta: NodeMeta | null;
  /** Messages that may leave before this step's persist (Ready.sendBeforePersist). */
  sendBeforePersist: PeerMessage[];
  messages: PeerMessage[];
  replies: ClientReply[];
  events: CoreEvent[];
}

export function beginStep(state: NodeState): StepContext {
  return {
    state,
    persisted: new Map(),
    meta: null,
    sendBeforePersist: [],
    messages: [],
    replies: [],
    events: [],
  };
}

/** A new id, unique per sender: `${self}:${seq}`. */
export function nextId(ctx: StepContext): string {
  const id = `${ctx.state.config.self}:${ctx.state.nextMessageSeq}`;
  ctx.state.nextMessageSeq += 1;
  return id;
}

/**
 * Queues `message` (to `to` when given, else to message.to), stamped with an id and the sender. It is
 * copied and then assigned, not written `{ ...message, id, from }`: Node 20's V8 takes a slow path,
 * measured at 5-15 µs here against under 1 µs, when properties follow a spread of another object in
 * a literal, and every message of every step passes here.
 */
export function send(ctx: StepContext, message: OutgoingMessage, to: NodeId = message.to): void {
  ctx.messages.push(stamp(ctx, message, to));
}

/**
 * Queues a message that may leave before this step's persist is durable (Ready.sendBeforePersist).
 * Only a fast round's fastAccept qualifies: it reveals that this node proposes a value at the fast
 * ballot, which any acceptor may learn, and the proposer counts its own vote only in a later step,
 * whose outputs the shell releases after this persist (docs/one-fsync-fast-path.md).
 */
export function sendBeforePersist(ctx: StepContext, message: OutgoingMessage, to: NodeId): void {
  assert(message.type === 'fastAccept', () => `${message.type} may not leave before its persist`);
  ctx.sendBeforePersist.push(stamp(ctx, message, to));
}

function stamp(ctx: StepContext, message: OutgoingMessage, to: NodeId): PeerMessage {
  const stamped = Object.assign({}, message) as PeerMessage;
  stamped.to = to;
  stamped.id = nextId(ctx);
  stamped.from = ctx.state.config.self;
  const problem = checkOutgoingMessage(stamped, stamped.from, ctx.state.records[stamped.key]);
  assert(problem === null, () => `${stamped.type} ${stamped.key}#${stamped.index} to ${to}: ${problem}`);
  return stamped;
}

export function emit(ctx: StepContext, event: CoreEvent): void {
  ctx.events.push(event);
}

/** Answers a client and records the answer as an event. */
export function reply(ctx: StepContext, key: string, answer: ClientReply): void {
  ctx.replies.push(answer);
  emit(ctx, {
    type: 'replied',
    key,
    requestId: answer.requestId,
    ok: answer.ok,
    ...(answer.ok ? {} : { code: answer.code }),
  });
}

/**
 * Stores a new record for its key and schedules it for persisting. `sync` is true for any change an
 * acceptor's promise or accept depends on; a chosen-only change may be written lazily.
 */
export function saveRecord(ctx: StepContext, record: KeyRecord, sync: boolean): void {
  // Checked before it can reach a disk or a peer, as storage checks it again after reading it back.
  const before = ctx.state.records[record.key];
  const problem = checkRecordInvariants(record) ?? (before ? checkRecordChange(before, record) : null);
  assert(problem === null, () => `record "${record.key}" about to be written: ${problem}`);
  ctx.state.records[record.key] = record;
  ctx.persisted.set(record.key, (ctx.persisted.get(record.key) ?? false) || sync);
}

/**
 * Stores a record whose chosen entry was replaced by the quorum's (relearn.ts), synced. Checked as any
 * record is, except that its chosen value may differ from the one held: that value was found wrong.
 */
export function saveRepairedRecord(ctx: StepContext, record: KeyRecord): void {
  const before = ctx.state.records[record.key];
  const problem =
    checkRecordInvariants(record) ??
    (before ? checkRecordChange(before, record, { chosenMayChange: true }) : null);
  assert(problem === null, () => `record "${record.key}" relearned: ${problem}`);
  ctx.state.records[record.key] = record;
  ctx.persisted.set(record.key, true);
}

/** Changes the node's durable flags; they reach the disk synced, with this step's records. */
export function saveMeta(ctx: StepContext, meta: NodeMeta): void {
  ctx.meta = meta;
}

export function finishStep(ctx: StepContext): StepResult {
  const persist = [...ctx.persisted.keys()].map((key) => ({ key, record: ctx.state.records[key]! }));
  const ready: Ready = {
    persist,
    meta: ctx.meta,
    mustSync: ctx.meta !== null || [...ctx.persisted.values()].some(Boolean),
    sendBeforePersist: ctx.sendBeforePersist,
    messages: ctx.messages,
    replies: ctx.replies,
    events: ctx.events,
  };
  return { state: ctx.state, ready };
}
