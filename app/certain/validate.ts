/**
 * Checks on every message before it touches state: the first problem as { field, reason }, or null.
 * The wire (wire.ts) already checked the shape of messages from other processes; these rules hold for
 * every source (the simulator hands messages over directly): the endpoints, the key and its replicas,
 * the entry, and both records with their commands within this node's limits.
 */
import { placeKey } from '../paxos/placement';
import { checkKey, validateClientRequest, type InputProblem } from '../paxos/validate';
import type { CoreConfig } from '../paxos/types';
import { checkEntryHeader, checkEntryRecord, checkSnapshot } from './record';
import { learnKinds, type DbSnapshot, type EntryHeader, type EntryRecord, type LearnKind } from './types';

const problem = (field: string, reason: string): InputProblem => ({ field, reason });
const isCount = (value: unknown, min: number): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= min;

function checkRecordAt(record: unknown, field: string, config: CoreConfig): InputProblem | null {
  if (typeof record !== 'object' || record === null) return problem(field, 'must be an entry record');
  const shape = checkEntryRecord(record as EntryRecord);
  if (shape) return problem(field, shape);
  const value = (record as EntryRecord).value;
  if (value?.kind !== 'client') return null;
  const found = validateClientRequest({ requestId: value.requestId, operation: value.operation }, config);
  return found ? problem(`${field}.value.${found.field}`, found.reason) : null;
}

export function validateMessage(message: unknown, config: CoreConfig): InputProblem | null {
  if (typeof message !== 'object' || message === null) return problem('message', 'must be an object');
  const m = message as Record<string, unknown>;
  if (m.type !== 'entryState') return problem('type', 'must be entryState');
  if (m.to !== config.self) return problem('to', `addressed to ${String(m.to)}, not ${config.self}`);
  if (m.from === config.self) return problem('from', 'a node does not message itself');
  const keyProblem = checkKey(m.key, 'key', config);
  if (keyProblem) return keyProblem;
  const { replicas } = placeKey(config.groups, m.key as string);
  if (!replicas.includes(config.self)) return problem('key', `${config.self} is not a replica of it`);
  if (!replicas.includes(m.from as string))
    return problem('from', `${String(m.from)} is not a replica of the key`);
  if (!isCount(m.entry, 1)) return problem('entry', 'must be an integer >= 1');
  if (!isCount(m.maxChosen, 0)) return problem('maxChosen', 'must be an integer >= 0');
  if (!isCount(m.incarnation, 0)) return problem('incarnation', 'must be an integer >= 0');
  const learn = m.learn as { kind?: unknown; nonce?: unknown; count?: unknown } | null;
  if (learn !== null && (typeof learn !== 'object' || !learnKinds.includes(learn.kind as LearnKind))) {
    return problem('learn', `must be null or { kind: ${learnKinds.join(' | ')}, nonce, count }`);
  }
  if (learn !== null && !isCount(learn.nonce, 1)) return problem('learn.nonce', 'must be an integer >= 1');
  if (learn !== null && !isCount(learn.count, 0)) return problem('learn.count', 'must be an integer >= 0');
  const snapshot = m.snapshot as DbSnapshot | null;
  if (snapshot !== null) {
    const found = typeof snapshot === 'object' ? checkSnapshot(snapshot) : 'must be null or a DB row';
    if (found) return problem('snapshot', found);
  }
  if (typeof m.view !== 'object' || m.view === null) return problem('view', 'must be an entry record');
  const view = checkEntryHeader(m.view as EntryHeader);
  if (view) return problem('view', view);
  return checkRecordAt(m.record, 'record', config);
}
