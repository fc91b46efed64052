/**
 * What the panel shows per key and which operations it marks: main's final verdict when the run has
 * one (it is authoritative), else the worker's live verdict, else pending.
 */
import type { CheckerKeyVerdict } from '../../app/contract/checker-run';
import type { CheckerView } from '../store/slices/checker-slice';

export type KeyStatus = 'linearizable' | 'violation' | 'unknown' | 'pending';

export interface KeyRow {
  key: string;
  status: KeyStatus;
  /** `final` from main's check, `live` from the worker. */
  source: 'final' | 'live' | null;
  /** Operations judged so far and operations seen, for a live verdict. */
  checked: number;
  total: number;
  verdict: CheckerKeyVerdict | null;
}

const statusOf: Record<CheckerKeyVerdict['verdict'], KeyStatus> = {
  ok: 'linearizable',
  violation: 'violation',
  unknown: 'unknown',
};

export function keyRows(view: CheckerView): KeyRow[] {
  const totals = new Map<string, number>();
  for (const operation of view.operations) totals.set(operation.key, (totals.get(operation.key) ?? 0) + 1);
  const finals = new Map((view.run.outcome?.keys ?? []).map((verdict) => [verdict.key, verdict]));
  return view.run.keys.map((key): KeyRow => {
    const total = totals.get(key) ?? 0;
    const final = finals.get(key);
    if (final)
      return { key, status: statusOf[final.verdict], source: 'final', checked: total, total, verdict: final };
    const live = view.live[key];
    if (live) {
      const { checkedOperations: checked } = live;
      return { key, status: statusOf[live.verdict], source: 'live', checked, total, verdict: live };
    }
    return { key, status: 'pending', source: null, checked: 0, total, verdict: null };
  });
}

/** The operations to highlight: those the check could not place on violated keys. */
export function markedIds(rows: readonly KeyRow[]): { blockedIds: Set<string>; offendingIds: Set<string> } {
  const blockedIds = new Set<string>();
  const offendingIds = new Set<string>();
  for (const row of rows) {
    if (row.status !== 'violation' || !row.verdict) continue;
    if (row.verdict.blockedOperationId) blockedIds.add(row.verdict.blockedOperationId);
    for (const id of row.verdict.concurrentOperationIds) offendingIds.add(id);
  }
  return { blockedIds, offendingIds };
}
