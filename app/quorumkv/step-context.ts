/**
 * What one QuorumKV step carries and the small acts every handler shares: numbering and sending a
 * message, answering a client, reading and storing a key's copy.
 */
import type { ProtocolReady } from '../protocol/protocol';
import type { ClientReply } from '../paxos/types';
import { emptyRecord } from './record';
import type { QuorumEvent, QuorumMessage, QuorumNodeState, QuorumRecord } from './types';

export type Ready = ProtocolReady<QuorumMessage, QuorumRecord, QuorumEvent>;

/** A message as a handler writes it: the step numbers it and names the sender. */
export type Outgoing = QuorumMessage extends infer M
  ? M extends QuorumMessage
    ? Omit<M, 'id' | 'from'>
    : never
  : never;

export interface Step {
  state: QuorumNodeState;
  ready: Ready;
  /** Keys written in this step; their records are persisted (synced) before anything is revealed. */
  written: Set<string>;
}

export function send(step: Step, message: Outgoing): void {
  const { state } = step;
  const id = `${state.config.self}:${state.nextMessageSeq}`;
  state.nextMessageSeq += 1;
  step.ready.messages.push({ ...message, id, from: state.config.self } as QuorumMessage);
}

export function answer(step: Step, key: string, reply: ClientReply): void {
  step.ready.replies.push(reply);
  step.ready.events.push({
    type: 'replied',
    key,
    requestId: reply.requestId,
    ok: reply.ok,
    ...(reply.ok ? { path: reply.path } : { code: reply.code }),
  });
}

export function recordOf(state: QuorumNodeState, key: string): QuorumRecord {
  return state.records[key] ?? emptyRecord(key);
}

export function store(step: Step, record: QuorumRecord): void {
  step.state.records[record.key] = record;
  step.written.add(record.key);
}
