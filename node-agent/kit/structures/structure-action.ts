/**
 * One queue, set or table operation, named as data (a StructureAction), carried out through a store
 * port: the one dispatch from an action to the library's KvQueue, KvSet and KvTable, shared by the
 * command line, the agent's StructureService and the console, so they run the same code.
 */
import type { QueuePosition } from '../../../app/kv/structures/queue';
import type { AddResult, RemoveResult } from '../../../app/kv/structures/set';
import type { StructureLimits } from '../../../app/kv/structures/structure-value';
import type { DeleteResult, UpdateResult } from '../../../app/kv/structures/table';
import type { OperationOptions, StructureOutcome } from './cas-loop';
import { KvQueue, type Popped, type QueueContents, type QueueLength } from './kv-queue';
import { KvSet } from './kv-set';
import { KvTable, type RowRead } from './kv-table';
import type { KvPort } from './kv-port';
import type { StructureAction } from './structure-command';

/** The structure operations (every action but the image keys'). */
export type DataStructureAction = Exclude<StructureAction, { kind: 'iset' | 'iget' }>;

/** What an action answered, tagged with its kind. */
export type ActionResult =
  | { kind: 'qpush'; position: QueuePosition }
  | { kind: 'qpop' | 'qpeek'; popped: Popped }
  | { kind: 'qlen'; length: QueueLength }
  | { kind: 'sadd'; added: AddResult }
  | { kind: 'srem'; removed: RemoveResult }
  | { kind: 'scontains'; member: boolean }
  | { kind: 'smembers'; members: string[] }
  | { kind: 'tput'; written: 'created' | 'replaced' }
  | { kind: 'tget'; row: RowRead | null }
  | { kind: 'tdel'; deleted: DeleteResult }
  | { kind: 'tscan'; rows: RowRead[] }
  | { kind: 'tupdate'; update: UpdateResult };

/** Carries out `action`; throws FieldError on bad input before any call to the store. */
export async function runStructureAction(
  port: KvPort,
  limits: StructureLimits,
  action: DataStructureAction,
  options: OperationOptions,
): Promise<StructureOutcome<ActionResult>> {
  switch (action.kind) {
    case 'qpush':
    case 'qpop':
    case 'qpeek':
    case 'qlen':
      return queueAction(new KvQueue(port, action.queue, limits), action, options);
    case 'sadd':
    case 'srem':
    case 'scontains':
    case 'smembers':
      return setAction(new KvSet(port, action.set, limits), action, options);
    default:
      return tableAction(new KvTable(port, action.table, limits), action, options);
  }
}

type Of<K extends DataStructureAction['kind']> = Extract<DataStructureAction, { kind: K }>;

/** Tags an outcome's result with the action's kind. */
async function as<T, R extends ActionResult>(
  outcome: Promise<StructureOutcome<T>>,
  tag: (result: T) => R,
): Promise<StructureOutcome<ActionResult>> {
  const { result, run } = await outcome;
  return { result: tag(result), run };
}

function queueAction(
  queue: KvQueue,
  action: Of<'qpush' | 'qpop' | 'qpeek' | 'qlen'>,
  options: OperationOptions,
): Promise<StructureOutcome<ActionResult>> {
  switch (action.kind) {
    case 'qpush':
      return as(queue.push(action.element, options), (position) => ({ kind: 'qpush', position }));
    case 'qpop':
      return as(queue.pop(options), (popped) => ({ kind: 'qpop', popped }));
    case 'qpeek':
      return as(queue.peek(options), (popped) => ({ kind: 'qpeek', popped }));
    case 'qlen':
      return as(queue.length(options), (length) => ({ kind: 'qlen', length }));
  }
}

function setAction(
  set: KvSet,
  action: Of<'sadd' | 'srem' | 'scontains' | 'smembers'>,
  options: OperationOptions,
): Promise<StructureOutcome<ActionResult>> {
  switch (action.kind) {
    case 'sadd':
      return as(set.add(action.member, options), (added) => ({ kind: 'sadd', added }));
    case 'srem':
      return as(set.remove(action.member, options), (removed) => ({ kind: 'srem', removed }));
    case 'scontains':
      return as(set.contains(action.member, options), (member) => ({ kind: 'scontains', member }));
    case 'smembers':
      return as(set.members(options), (members) => ({ kind: 'smembers', members }));
  }
}

function tableAction(
  table: KvTable,
  action: Of<'tput' | 'tget' | 'tdel' | 'tscan' | 'tupdate'>,
  options: OperationOptions,
): Promise<StructureOutcome<ActionResult>> {
  switch (action.kind) {
    case 'tput':
      return as(table.put(action.primaryKey, action.columns, options), (written) => ({
        kind: 'tput',
        written,
      }));
    case 'tget':
      return as(table.get(action.primaryKey, options), (row) => ({ kind: 'tget', row }));
    case 'tdel':
      return as(table.delete(action.primaryKey, options), (deleted) => ({ kind: 'tdel', deleted }));
    case 'tscan':
      return as(table.scan(action.from, action.to, options), (rows) => ({ kind: 'tscan', rows }));
    case 'tupdate':
      return as(table.update(action.primaryKey, action.conditions, action.sets, options), (update) => ({
        kind: 'tupdate',
        update,
      }));
  }
}

/** A structure's whole current value, decoded: a queue's unpopped elements, a set's members, a table's live rows. */
export type StructureValue =
  | { kind: 'queue'; name: string; contents: QueueContents }
  | { kind: 'set'; name: string; members: string[] }
  | { kind: 'table'; name: string; rows: RowRead[] };

/** Reads the current value of the structure `action` works on (each key read linearizably, not one snapshot). */
export async function readStructureValue(
  port: KvPort,
  limits: StructureLimits,
  action: DataStructureAction,
): Promise<StructureValue> {
  if ('queue' in action) {
    const { result } = await new KvQueue(port, action.queue, limits).contents();
    return { kind: 'queue', name: action.queue, contents: result };
  }
  if ('set' in action) {
    const { result } = await new KvSet(port, action.set, limits).members();
    return { kind: 'set', name: action.set, members: result };
  }
  const { result } = await new KvTable(port, action.table, limits).scan();
  return { kind: 'table', name: action.table, rows: result };
}
