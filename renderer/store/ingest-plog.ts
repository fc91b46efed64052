/**
 * Builds each replica's PLog rows from the protocol events it reports: proposals, promises, accepts,
 * refusals, chosen values and catch-ups. The newest change of a row is remembered for the lens to
 * highlight.
 */
import type { ClusterEvent } from '../../app/model/cluster-event';
import { maxBallot } from '../../app/paxos/ballot';
import type { Ballot } from '../../app/paxos/types';
import type { PLogField, PLogRow } from './observed-cluster';
import type { ObservedDraft } from './observed-draft';

type PLogEvent = Extract<
  ClusterEvent,
  { type: 'proposalStarted' | 'promised' | 'acceptedValue' | 'rejected' | 'chosen' | 'catchUp' }
>;

export function ingestPLog(draft: ObservedDraft, event: PLogEvent): void {
  if (event.key === undefined || event.index === undefined) return;
  const change = rowChange(event, event.ballot ?? null);
  updateRow(draft, event.key, event.agent, event.index, change);
  const isWrite = (event.type === 'proposalStarted' || event.type === 'chosen') && event.requestId !== '';
  if (isWrite) draft.lastWrittenKey = event.key;
}

/** What an event changes in a row, and which fields to highlight. */
interface RowChange {
  fields: PLogField[];
  apply: (row: PLogRow) => PLogRow;
}

function rowChange(event: PLogEvent, ballot: Ballot | null): RowChange {
  switch (event.type) {
    case 'proposalStarted':
      return { fields: ['proposed'], apply: (row) => ({ ...row, proposed: ballot }) };
    case 'promised':
      return { fields: ['promised'], apply: (row) => ({ ...row, promised: raise(row.promised, ballot) }) };
    case 'acceptedValue':
      return {
        fields: ['accepted'],
        apply: (row) => ({
          ...row,
          promised: raise(row.promised, ballot),
          accepted: ballot,
          requestId: event.requestId,
        }),
      };
    case 'rejected':
      return { fields: ['rejected'], apply: (row) => ({ ...row, rejectedBy: event.by }) };
    case 'chosen':
      return {
        fields: ['chosen'],
        apply: (row) => ({
          ...row,
          accepted: ballot ?? row.accepted,
          requestId: event.requestId,
          version: event.version,
          chosen: true,
        }),
      };
    case 'catchUp':
      return {
        fields: ['chosen'],
        apply: (row) => ({ ...row, chosen: true, learnedFrom: event.peer }),
      };
  }
}

function raise(current: Ballot | null, seen: Ballot | null): Ballot | null {
  if (seen === null) return current;
  return maxBallot(seen, current);
}

function updateRow(draft: ObservedDraft, key: string, replica: string, index: number, change: RowChange) {
  const rows = draft.plogRows(key, replica);
  const at = rows.findIndex((row) => row.index === index);
  const old = at >= 0 ? rows[at]! : emptyRow(index);
  const row = { ...change.apply(old), changedN: draft.eventCount, changedFields: change.fields };
  if (at >= 0) rows[at] = row;
  else insertRow(rows, row, draft.limits.plogRowsMax);
}

/** Keeps rows ascending by index and only the newest plogRowsMax of them. */
function insertRow(rows: PLogRow[], row: PLogRow, max: number): void {
  const at = rows.findIndex((other) => other.index > row.index);
  if (at < 0) rows.push(row);
  else rows.splice(at, 0, row);
  if (rows.length > max) rows.splice(0, rows.length - max);
}

/** Marks a replica's newest row of each key in a synced PLog batch as written to disk. */
export function markSynced(draft: ObservedDraft, replica: string, keys: readonly string[]): void {
  for (const key of keys) {
    if (!draft.hasRows(key, replica)) continue;
    const rows = draft.plogRows(key, replica);
    const newest = rows.at(-1);
    if (newest) rows[rows.length - 1] = { ...newest, syncedN: draft.eventCount };
  }
}

function emptyRow(index: number): PLogRow {
  return {
    index,
    proposed: null,
    promised: null,
    accepted: null,
    requestId: null,
    version: null,
    value: null,
    deleted: false,
    chosen: false,
    learnedFrom: null,
    rejectedBy: null,
    changedN: 0,
    changedFields: [],
    syncedN: 0,
  };
}
