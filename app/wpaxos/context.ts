/**
 * One step's output under construction. Handlers change the state and note which records changed;
 * finishStep turns that into the Ready the shell executes in order: persist (synced when a promise or an
 * accept changed), then messages, replies and events, so nothing reveals a promise or an accept before
 * the record holding it.
 */
import { placeKey } from '../paxos/placement';
import type { ClientReply, NodeId, PlacementGroup } from '../paxos/types';
import { beginCoreStep, finishCoreStep, repliedEvent, type CoreStep } from '../protocol/core-step';
import type { ProtocolReady } from '../protocol/protocol';
import { assert } from '../util/assert';
import { checkWPaxosRecord, promiseKey, promiseRecord, ringSlots, slotRecord } from './record';
import type {
  ObjectState,
  SlotEntry,
  WPaxosEvent,
  WPaxosMessage,
  WPaxosNodeState,
  WPaxosRecord,
} from './types';

export type Ready = ProtocolReady<WPaxosMessage, WPaxosRecord, WPaxosEvent>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A message before the step stamps it with an id, the sender, the receiver and the object. */
export type Outgoing = DistributiveOmit<WPaxosMessage, 'id' | 'from' | 'key' | 'to'>;

export type Step = CoreStep<WPaxosNodeState, WPaxosMessage, WPaxosRecord, WPaxosEvent>;

export function beginStep(state: WPaxosNodeState): Step {
  return beginCoreStep(state);
}

export function finishStep(step: Step): { state: WPaxosNodeState; ready: Ready } {
  return finishCoreStep(step, checkWPaxosRecord);
}

export function groupOf(state: WPaxosNodeState, object: ObjectState): PlacementGroup {
  return state.config.groups.find((group) => group.id === object.group)!;
}

/** The object's state here, created empty on first use; null when this node is not in its group. */
export function objectFor(state: WPaxosNodeState, key: string): ObjectState | null {
  const known = state.objects[key];
  if (known) return known;
  const { groupId } = placeKey(state.config.groups, key);
  const group = state.config.groups.find((candidate) => candidate.id === groupId)!;
  if (!group.members.includes(state.config.self)) return null;
  const object: ObjectState = {
    key,
    group: groupId,
    promised: 0,
    log: {},
    maxSlot: 0,
    commitPoint: 0,
    logBase: 0,
    snapshot: null,
    recentZones: [],
    leaderBallot: 0,
    leaderHeardAtMs: state.nowMs,
    stealAfterMs: state.nowMs,
    catchUpAtMs: state.nowMs,
    lead: null,
    relearned: !state.learnerFlagOnDisk,
    relearnAtMs: -1,
  };
  state.objects[key] = object;
  return object;
}

export function othersOf(step: Step, object: ObjectState): NodeId[] {
  return groupOf(step.state, object).members.filter((member) => member !== step.state.config.self);
}

export function send(step: Step, object: ObjectState, to: NodeId, message: Outgoing): void {
  const { state } = step;
  assert(to !== state.config.self, () => `${message.type} to itself`);
  const stamped = Object.assign({}, message) as WPaxosMessage;
  stamped.id = `${state.config.self}:${state.nextMessageSeq}`;
  state.nextMessageSeq += 1;
  stamped.from = state.config.self;
  stamped.to = to;
  stamped.key = object.key;
  step.ready.messages.push(stamped);
}

export function broadcast(step: Step, object: ObjectState, message: Outgoing): void {
  for (const to of othersOf(step, object)) send(step, object, to, message);
}

export function emit(step: Step, event: WPaxosEvent): void {
  step.ready.events.push(event);
}

/** Answers a client and records the answer as an event. */
export function answer(step: Step, key: string, reply: ClientReply): void {
  step.ready.replies.push(reply);
  emit(step, repliedEvent(key, reply));
}

/** Raises the durable promise (or writes it unchanged, as a relearned node's mark); synced. */
export function savePromise(step: Step, object: ObjectState, ballot: number): void {
  assert(ballot >= object.promised, () => `promise ${ballot} must not fall below ${object.promised}`);
  object.promised = ballot;
  object.leaderBallot = Math.max(object.leaderBallot, ballot);
  step.changed.set(promiseKey(object.key), { record: promiseRecord(object.key, ballot), sync: true });
}

/** Stores a slot entry; an accepted one is synced (an accepted message reveals it), a chosen one lazily. */
export function saveSlot(step: Step, object: ObjectState, entry: SlotEntry, sync: boolean): void {
  assert(entry.slot > object.logBase && entry.slot <= object.logBase + ringSlots, () => {
    return `${object.key} slot ${entry.slot} is outside the log (base ${object.logBase}, ${ringSlots} slots)`;
  });
  const before = object.log[entry.slot];
  assert(!before?.chosen || before.command.tag === entry.command.tag, () => {
    return `${object.key} slot ${entry.slot} is chosen as ${before!.command.tag}; cannot become ${entry.command.tag}`;
  });
  object.log[entry.slot] = entry;
  object.maxSlot = Math.max(object.maxSlot, entry.slot);
  const record = slotRecord(object.key, entry);
  const earlier = step.changed.get(record.key);
  step.changed.set(record.key, { record, sync: sync || (earlier?.sync ?? false) });
}
