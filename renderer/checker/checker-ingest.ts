/**
 * Pure folds of main's checker stream and the worker's verdicts into the panel's view, unit-tested
 * without React or a worker.
 */
import { decodeOperationLine, type HistoryOperation } from '../../app/checker/history';
import {
  upsertFaults,
  type CheckerChange,
  type CheckerFault,
  type CheckerRun,
} from '../../app/contract/checker-run';
import { emptyCheckerView, type CheckerView } from '../store/slices/checker-slice';
import type { LiveKeyVerdict } from './live-checker';

/** The view of a whole run (a snapshot, or a run that just started). */
export function checkerViewOf(run: CheckerRun): CheckerView {
  const { operations, faults, ...header } = run;
  return withProgress({ ...emptyCheckerView(), run: header }, decodeLines(operations), faults);
}

/** Folds one change; `decoded` are the change's operations already decoded (the worker gets them too). */
export function ingestCheckerChange(
  view: CheckerView,
  change: CheckerChange,
  decoded: readonly HistoryOperation[] = [],
): CheckerView {
  switch (change.kind) {
    case 'checkerStarted':
      return checkerViewOf(change.run);
    case 'checkerProgress':
      return withProgress(view, decoded, change.faults);
    case 'checkerStatus':
      return {
        ...view,
        run: { ...view.run, status: change.status, outcome: change.outcome, error: change.error },
      };
  }
}

export function decodeLines(lines: readonly string[]): HistoryOperation[] {
  return lines.map((line, index) => decodeOperationLine(line, index + 1));
}

/** Takes the worker's verdicts when they belong to the run shown. */
export function ingestLiveVerdicts(
  view: CheckerView,
  runId: string | null,
  verdicts: readonly LiveKeyVerdict[],
): CheckerView {
  if (runId !== view.run.runId || verdicts.length === 0) return view;
  const live = { ...view.live };
  for (const verdict of verdicts) live[verdict.key] = verdict;
  return { ...view, live };
}

function withProgress(
  view: CheckerView,
  operations: readonly HistoryOperation[],
  faults: readonly CheckerFault[],
): CheckerView {
  const counts = { ...view.counts };
  const newestReturnMs = operations.length > 0 ? { ...view.newestReturnMs } : view.newestReturnMs;
  let latestMs = view.latestMs;
  for (const operation of operations) {
    counts[operation.outcome] += 1;
    const endMs = operation.returnMs ?? operation.callMs;
    latestMs = Math.max(latestMs, endMs);
    newestReturnMs[operation.client] = Math.max(newestReturnMs[operation.client] ?? 0, endMs);
  }
  for (const fault of faults) latestMs = Math.max(latestMs, fault.healedMs ?? fault.appliedMs);
  return {
    ...view,
    operations: operations.length > 0 ? view.operations.concat(operations) : view.operations,
    faults: faults.length > 0 ? upsertFaults(view.faults, faults) : view.faults,
    counts,
    latestMs,
    newestReturnMs,
  };
}
