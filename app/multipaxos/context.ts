/**
 * One step's output under construction. Handlers change the state and note which records changed;
 * finish() turns that into the Ready the shell executes in order: persist (synced when a promise or an
 * accept changed), then messages, replies and events. Nothing that reveals a promise or an accept can
 * leave before the record holding it, because both go out in the same Ready.
 */
import { assert } from '../util/assert';
import { majorityOf } from '../paxos/quorum';
import type { ClientReply, NodeId } from '../paxos/types';
import { beginCoreStep, finishCoreStep, repliedEvent, type CoreStep } from '../protocol/core-step';
import type { ProtocolReady } from '../protocol/protocol';
import { checkMultiPaxosRecord, promiseKey, promiseRecord, slotRecord } from './record';
import type {
  GroupState,
  MultiPaxosEvent,
  MultiPaxosMessage,
  MultiPaxosNodeState,
  MultiPaxosRecord,
  SlotEntry,
} from './types';

export type Ready = ProtocolReady<MultiPaxosMessage, MultiPaxosRecord, MultiPaxosEvent>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A message before the step stamps it with an id, the sender and its group as envelope key. */
export type Outgoing = DistributiveOmit<MultiPaxosMessage, 'id' | 'from' | 'key' | 'group' | 'to'>;

export type Step = CoreStep<MultiPaxosNodeState, MultiPaxosMessage, MultiPaxosRecord, MultiPaxosEvent>;

export function beginStep(state: MultiPaxosNodeState): Step {
  return beginCoreStep(state);
}

export function finishStep(step: Step): { state: MultiPaxosNodeState; ready: Ready } {
  return finishCoreStep(step, checkMultiPaxosRecord);
}

export function majority(group: GroupState): number {
  return majorityOf(group.members.length);
}

export function leaderOf(group: GroupState, view: number): NodeId {
  return group.members[view % group.members.length]!;
}

export function othersOf(step: Step, group: GroupState): NodeId[] {
  return group.members.filter((member) => member !== step.state.config.self);
}

export function send(step: Step, group: GroupState, to: NodeId, message: Outgoing): void {
  const { state } = step;
  assert(to !== state.config.self && group.members.includes(to), () => `${message.type} to ${to}`);
  const id = `${state.config.self}:${state.nextMessageSeq}`;
  state.nextMessageSeq += 1;
  // Assigned rather than spread into a literal: V8 takes a slow path on properties after a spread
  // (measured in app/paxos/ready.ts), and every message of every step passes here.
  const stamped = Object.assign({}, message) as MultiPaxosMessage;
  stamped.id = id;
  stamped.from = state.config.self;
  stamped.to = to;
  stamped.key = group.id;
  stamped.group = group.id;
  step.ready.messages.push(stamped);
}

export function broadcast(step: Step, group: GroupState, message: Outgoing): void {
  for (const to of othersOf(step, group)) send(step, group, to, message);
}

export function emit(step: Step, event: MultiPaxosEvent): void {
  step.ready.events.push(event);
}

/** Answers a client and records the answer as an event. */
export function answer(step: Step, key: string, reply: ClientReply): void {
  step.ready.replies.push(reply);
  emit(step, repliedEvent(key, reply));
}

/** Raises the durable promise; synced, since a promise or an accept message will reveal it. */
export function savePromise(step: Step, group: GroupState, view: number): void {
  assert(view > group.promised, () => `promise ${view} must exceed ${group.promised}`);
  group.promised = view;
  step.changed.set(promiseKey(group.id), { record: promiseRecord(group.id, view), sync: true });
}

/**
 * Stores a slot entry. An accepted entry is synced (an accepted message reveals it); a chosen one may
 * be written lazily, since a majority already holds it durably.
 */
export function saveSlot(step: Step, group: GroupState, entry: SlotEntry, sync: boolean): void {
  const before = group.log[entry.slot];
  assert(!before?.chosen || before.command.tag === entry.command.tag, () => {
    return `slot ${entry.slot} is chosen as ${before!.command.tag}; cannot become ${entry.command.tag}`;
  });
  group.log[entry.slot] = entry;
  group.maxSlot = Math.max(group.maxSlot, entry.slot);
  const record = slotRecord(group.id, entry);
  const earlier = step.changed.get(record.key);
  step.changed.set(record.key, { record, sync: sync || (earlier?.sync ?? false) });
}
