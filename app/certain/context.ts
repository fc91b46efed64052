/**
 * One step's output under construction. Handlers change the state and note the rows they changed;
 * finishStep turns that into the Ready the shell executes in order: persist (synced when a PLog row
 * changed), then messages, replies and events. A message exposing a promise or an accept therefore
 * never leaves before the row holding it is durable.
 */
import { assert } from '../util/assert';
import { majorityOf } from '../paxos/quorum';
import type { ClientReply, NodeId } from '../paxos/types';
import { beginCoreStep, finishCoreStep, repliedEvent, type CoreStep } from '../protocol/core-step';
import type { ProtocolReady } from '../protocol/protocol';
import { checkCertainRecord, copyEntry, emptyEntry, headerOf, plogRecord, plogRingSize } from './record';
import type {
  CertainEvent,
  CertainMessage,
  CertainNodeState,
  CertainRecord,
  EntityState,
  EntryRecord,
  EntryStateMessage,
} from './types';

export type Ready = ProtocolReady<CertainMessage, CertainRecord, CertainEvent>;

export type Step = CoreStep<CertainNodeState, CertainMessage, CertainRecord, CertainEvent>;

export function beginStep(state: CertainNodeState): Step {
  return beginCoreStep(state);
}

export function finishStep(step: Step): { state: CertainNodeState; ready: Ready } {
  return finishCoreStep(step, checkCertainRecord);
}

export function majority(entity: EntityState): number {
  return majorityOf(entity.replicas.length);
}

export function peersOf(step: Step, entity: EntityState): NodeId[] {
  return entity.replicas.filter((node) => node !== step.state.config.self);
}

export function ownRecord(entity: EntityState, entry: number): EntryRecord {
  return entity.plog[entry] ?? emptyEntry();
}

export function viewOf(entity: EntityState, entry: number, peer: NodeId): EntryRecord {
  return entity.views[entry]?.[peer] ?? emptyEntry();
}

/** This node's views of the other replicas at `entry`. */
export function viewsAt(entity: EntityState, entry: number): EntryRecord[] {
  return Object.values(entity.views[entry] ?? {});
}

/**
 * True when this node may hold a record at `entry`: above its trimmed entries (never voted on again)
 * and within the PLog ring above them, so writing it overwrites only a trimmed entry's row.
 */
export function holdsEntry(entity: EntityState, entry: number): boolean {
  return entry > entity.db.trimmed && entry <= entity.db.trimmed + plogRingSize;
}

/** Stores this node's record at an entry: the PLog row, synced (a message will expose it). */
export function saveEntry(step: Step, entity: EntityState, entry: number, record: EntryRecord): void {
  assert(holdsEntry(entity, entry), () => {
    return `${entity.key}#${entry} is outside the PLog ring above trimmed entry ${entity.db.trimmed}`;
  });
  const before = entity.plog[entry];
  assert(!before?.chosen || before.accepted === record.accepted, () => {
    return `${entity.key}#${entry} is chosen at ballot ${before!.accepted}; cannot become ${record.accepted}`;
  });
  entity.plog[entry] = record;
  const row = plogRecord(entity.key, entry, record);
  step.changed.set(row.key, { record: row, sync: true });
}

/**
 * Stores the DB row. An apply is not synced, since the synced PLog can always replay it; the row that
 * ends relearning is (`sync`), since its presence lets the node vote on the entity again.
 */
export function saveDb(step: Step, entity: EntityState, sync = false): void {
  const row = entity.db;
  const earlier = step.changed.get(row.key);
  const copy = {
    ...row,
    requests: row.requests.map((applied) => ({ ...applied })),
    fences: { ...row.fences },
  };
  step.changed.set(row.key, { record: copy, sync: sync || (earlier?.sync ?? false) });
}

/** Sends this node's record at `entry` to `to`, with its view of `to`'s record. */
export function sendEntry(
  step: Step,
  entity: EntityState,
  entry: number,
  to: NodeId,
  learn: EntryStateMessage['learn'] = null,
  snapshot: EntryStateMessage['snapshot'] = null,
): void {
  const { state } = step;
  assert(to !== state.config.self && entity.replicas.includes(to), () => `entryState to ${to}`);
  const id = `${state.config.self}:${state.nextMessageSeq}`;
  state.nextMessageSeq += 1;
  step.ready.messages.push({
    id,
    type: 'entryState',
    from: state.config.self,
    to,
    key: entity.key,
    entry,
    record: copyEntry(ownRecord(entity, entry)),
    view: headerOf(viewOf(entity, entry, to)),
    maxChosen: entity.maxChosen,
    incarnation: entity.db.incarnation,
    learn,
    snapshot,
  });
}

export function emit(step: Step, event: CertainEvent): void {
  step.ready.events.push(event);
}

/** Answers a client and records the answer as an event. */
export function answer(step: Step, key: string, reply: ClientReply): void {
  step.ready.replies.push(reply);
  emit(step, repliedEvent(key, reply));
}
