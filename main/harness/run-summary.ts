/** What a cluster check prints at the end: operations, faults, verdict, lost writes and the files. */
import type { CheckResult } from '../../app/checker/check-result';
import type { HistoryOperation } from '../../app/checker/history';
import { formatCheckReport } from '../../app/checker/report';
import { describeFault } from './fault-text';
import type { FaultRecord } from './history-recorder';
import type { LostWrite } from './lost-writes';
import type { RetryTally } from './roaming-write';
import type { SettleResult } from './settle';
import { operationText } from './html-view';

export interface RunSummary {
  header: string;
  operations: readonly HistoryOperation[];
  faults: readonly FaultRecord[];
  settle: SettleResult;
  retries: RetryTally;
  result: CheckResult;
  lost: readonly LostWrite[];
  files: readonly string[];
}

export function formatRunSummary(summary: RunSummary): string {
  const { operations, faults, settle, result, lost, retries } = summary;
  const lines = [
    summary.header,
    operationCounts(operations),
    `writes to random agents: ${retries.roaming}, of which retried with their request id on another agent: ${retries.retried} (${retries.attempts} attempts)`,
    `faults: ${faults.length}`,
  ];
  for (const record of [...faults].sort((a, b) => a.appliedMs - b.appliedMs)) {
    const healed = record.healedMs === null ? 'not healed' : `${(record.healedMs / 1000).toFixed(1)} s`;
    const error = record.error === undefined ? '' : `  (${record.error})`;
    lines.push(
      `  ${record.fault.id} ${(record.appliedMs / 1000).toFixed(1)} s – ${healed}  ${describeFault(record.fault)}${error}`,
    );
  }
  lines.push(
    settle.unreadable.length === 0
      ? `settled: every key read through each of its replicas in ${(settle.tookMs / 1000).toFixed(1)} s`
      : `NOT settled: ${settle.unreadable.length} replica reads still failing: ${settle.unreadable.slice(0, 10).join(', ')}`,
  );
  lines.push(formatCheckReport(result, operations).trimEnd());
  lines.push(`acknowledged writes lost: ${lost.length}`);
  for (const write of lost.slice(0, 20)) lines.push(`  ${operationText(write.operation)}: ${write.reason}`);
  lines.push(...summary.files.map((file) => `wrote ${file}`));
  return lines.join('\n') + '\n';
}

function operationCounts(operations: readonly HistoryOperation[]): string {
  const byOutcome = { ok: 0, fail: 0, unknown: 0 };
  const byKind: Record<string, number> = {};
  for (const op of operations) {
    byOutcome[op.outcome] += 1;
    byKind[op.kind] = (byKind[op.kind] ?? 0) + 1;
  }
  const kinds = Object.entries(byKind)
    .map(([kind, amount]) => `${kind} ${amount}`)
    .join(', ');
  return `operations: ${operations.length} (${kinds}); ok ${byOutcome.ok}, fail ${byOutcome.fail}, unknown ${byOutcome.unknown}`;
}
