/**
 * One step of a log-based core (multi-Paxos, WPaxos, PaxosStore-certain) under construction. Handlers
 * change the state and note which records changed; finishCoreStep turns that into the Ready the shell
 * executes in order: persist (synced when a promise or an accept changed), then messages, replies and
 * events, so nothing reveals a promise or an accept before the record holding it is durable.
 */
import type { ClientErrorCode, ClientReply, ReplyPath } from '../kv/operations';
import { assert } from '../util/assert';
import type { ProtocolReady } from './protocol';

export interface CoreStep<State, Message, Rec extends { key: string }, Event> {
  state: State;
  ready: ProtocolReady<Message, Rec, Event>;
  /** Records changed in this step by key, with whether the write must be synced. */
  changed: Map<string, { record: Rec; sync: boolean }>;
}

export function beginCoreStep<State, Message, Rec extends { key: string }, Event>(
  state: State,
): CoreStep<State, Message, Rec, Event> {
  const ready: ProtocolReady<Message, Rec, Event> = {
    persist: [],
    meta: null,
    mustSync: false,
    messages: [],
    replies: [],
    events: [],
  };
  return { state, ready, changed: new Map() };
}

/** Checks every changed record (the core's edge) and queues it to persist; a new meta is synced too. */
export function finishCoreStep<State, Message, Rec extends { key: string }, Event>(
  step: CoreStep<State, Message, Rec, Event>,
  checkRecord: (record: Rec) => string | null,
): { state: State; ready: ProtocolReady<Message, Rec, Event> } {
  for (const { record, sync } of step.changed.values()) {
    const problem = checkRecord(record);
    assert(problem === null, () => `record "${record.key}" about to be written: ${problem}`);
    step.ready.persist.push({ key: record.key, record });
    if (sync) step.ready.mustSync = true;
  }
  if (step.ready.meta) step.ready.mustSync = true;
  return { state: step.state, ready: step.ready };
}

/** The event that records a client's answer. */
export interface RepliedEvent {
  type: 'replied';
  key: string;
  requestId: string;
  ok: boolean;
  code?: ClientErrorCode;
  path?: ReplyPath;
}

/** The event that records the answer `reply` to a client request on `key`. */
export function repliedEvent(key: string, reply: ClientReply): RepliedEvent {
  return {
    type: 'replied',
    key,
    requestId: reply.requestId,
    ok: reply.ok,
    ...(reply.ok ? { path: reply.path } : { code: reply.code }),
  };
}
