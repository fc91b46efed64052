/**
 * A self-contained HTML page of a run (no external assets): one row per client with each operation
 * as a bar from call to return on a shared time axis, faults as bands behind the rows, and the
 * operations the checker could not place drawn in red and listed below.
 */
import type { CheckResult } from '../../app/checker/check-result';
import type { HistoryOperation } from '../../app/checker/history';
import { describeOperation } from '../../app/checker/report';
import type { FaultRecord } from './history-recorder';
import { describeFault } from './fault-text';

export interface HistoryView {
  title: string;
  /** One line under the title, for example the verdict and counts. */
  subtitle: string;
  operations: readonly HistoryOperation[];
  faults: readonly FaultRecord[];
  /** Ids of operations to mark as offending: the blocked ones and those concurrent with them. */
  offendingIds: ReadonlySet<string>;
  /** Ids of the operations the checker could not place (drawn darker, listed first). */
  blockedIds: ReadonlySet<string>;
}

const rowHeightPx = 18;
const labelWidthPx = 80;
const plotWidthPx = 1400;
const axisHeightPx = 24;

const outcomeColor = { ok: '#3a8f4b', fail: '#9a9a9a', unknown: '#e0a030' } as const;

/** The operations to mark, from a check's unplaced operations per key. */
export function markedOperations(result: CheckResult): Pick<HistoryView, 'offendingIds' | 'blockedIds'> {
  const unplaced = result.keys.flatMap((key) => (key.unplaced ? [key.unplaced] : []));
  return {
    blockedIds: new Set(unplaced.map((entry) => entry.blockedOperationId)),
    offendingIds: new Set(unplaced.flatMap((entry) => entry.concurrentOperationIds)),
  };
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function renderHistoryHtml(view: HistoryView): string {
  const clients = [...new Set(view.operations.map((op) => op.client))].sort(compareClients);
  const endMs = Math.max(
    1,
    ...view.operations.map((op) => op.returnMs ?? op.callMs),
    ...view.faults.map((record) => record.healedMs ?? record.appliedMs),
  );
  const x = (ms: number) => labelWidthPx + (ms / endMs) * plotWidthPx;
  const heightPx = axisHeightPx + clients.length * rowHeightPx + 4;
  const rowOf = new Map(clients.map((client, index) => [client, index]));
  const bands = view.faults.map((record) => faultBand(record, x, endMs, heightPx)).join('');
  const bars = view.operations.map((op) => operationBar(op, x, endMs, rowOf.get(op.client)!, view));
  const labels = clients.map(
    (client, row) => `<text x="4" y="${rowY(row) + 13}" class="label">${escapeHtml(client)}</text>`,
  );
  const offending = view.operations
    .filter((op) => view.offendingIds.has(op.id) || view.blockedIds.has(op.id))
    .sort((a, b) => Number(view.blockedIds.has(b.id)) - Number(view.blockedIds.has(a.id)));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(view.title)}</title>
<style>
body{font:13px system-ui,sans-serif;margin:16px;color:#222}
svg{border:1px solid #ccc;background:#fff}
.label{font-size:11px;fill:#333}.axis{font-size:10px;fill:#666}
.band{fill:#4a6fd0;opacity:.12}.band-label{font-size:10px;fill:#34549a}
.offending{stroke:#d00;stroke-width:2;fill:#f33}.blocked{stroke:#000;stroke-width:2;fill:#a00}
table{border-collapse:collapse;margin-top:12px}td,th{border:1px solid #ccc;padding:2px 6px;font-size:12px}
</style></head><body>
<h1>${escapeHtml(view.title)}</h1>
<p>${escapeHtml(view.subtitle)}</p>
<p>Bars: <span style="color:${outcomeColor.ok}">ok</span>, <span style="color:${outcomeColor.fail}">fail</span>,
<span style="color:${outcomeColor.unknown}">unknown</span>, <span style="color:#a00">cannot be placed</span>,
<span style="color:#d00">concurrent with it</span>. Blue bands: faults.</p>
<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidthPx + plotWidthPx + 10}" height="${heightPx}">
${bands}${axis(x, endMs)}${labels.join('')}${bars.join('')}
</svg>
${offendingTable(offending, view.blockedIds)}
${faultTable(view.faults)}
</body></html>
`;
}

function rowY(row: number): number {
  return axisHeightPx + row * rowHeightPx;
}

function operationBar(
  op: HistoryOperation,
  x: (ms: number) => number,
  endMs: number,
  row: number,
  marks: Pick<HistoryView, 'offendingIds' | 'blockedIds'>,
): string {
  const left = x(op.callMs);
  const width = Math.max(1, x(op.returnMs ?? endMs) - left);
  const style = marks.blockedIds.has(op.id)
    ? 'class="blocked"'
    : marks.offendingIds.has(op.id)
      ? 'class="offending"'
      : `fill="${outcomeColor[op.outcome]}"`;
  return `<rect x="${left.toFixed(1)}" y="${rowY(row) + 3}" width="${width.toFixed(1)}" height="${rowHeightPx - 6}" ${style}><title>${escapeHtml(operationText(op))}</title></rect>`;
}

function faultBand(record: FaultRecord, x: (ms: number) => number, endMs: number, heightPx: number): string {
  const left = x(record.appliedMs);
  const width = Math.max(1, x(record.healedMs ?? endMs) - left);
  const text = escapeHtml(`${record.fault.id} ${describeFault(record.fault)}`);
  return `<rect class="band" x="${left.toFixed(1)}" y="${axisHeightPx}" width="${width.toFixed(1)}" height="${heightPx - axisHeightPx}"><title>${text}</title></rect><text class="band-label" x="${(left + 2).toFixed(1)}" y="10">${escapeHtml(record.fault.id)} ${escapeHtml(record.fault.kind)}</text>`;
}

function axis(x: (ms: number) => number, endMs: number): string {
  const stepMs = Math.max(1000, Math.ceil(endMs / 12 / 1000) * 1000);
  const ticks: string[] = [];
  for (let ms = 0; ms <= endMs; ms += stepMs) {
    ticks.push(`<text class="axis" x="${x(ms).toFixed(1)}" y="21">${ms / 1000} s</text>`);
  }
  return ticks.join('');
}

/** One operation as text: its key, then the checker report's line for it. */
export function operationText(op: HistoryOperation): string {
  return `${op.key} ${describeOperation(op)}`;
}

function offendingTable(operations: readonly HistoryOperation[], blockedIds: ReadonlySet<string>): string {
  if (operations.length === 0) return '<p>No offending operations.</p>';
  const rows = operations.map((op) => {
    const role = blockedIds.has(op.id) ? 'cannot be placed' : 'concurrent';
    return `<tr><td>${role}</td><td>${escapeHtml(op.client)}</td><td>${escapeHtml(operationText(op))}</td></tr>`;
  });
  return `<h2>Offending operations</h2><table><tr><th></th><th>client</th><th>operation</th></tr>${rows.join('')}</table>`;
}

function faultTable(faults: readonly FaultRecord[]): string {
  const rows = faults.map(
    (record) =>
      `<tr><td>${escapeHtml(record.fault.id)}</td><td>${escapeHtml(describeFault(record.fault))}</td><td>${record.appliedMs.toFixed(0)}</td><td>${record.healedMs === null ? '' : record.healedMs.toFixed(0)}</td><td>${escapeHtml(record.error ?? '')}</td></tr>`,
  );
  return `<h2>Faults</h2><table><tr><th>id</th><th>fault</th><th>applied ms</th><th>healed ms</th><th>error</th></tr>${rows.join('')}</table>`;
}

function compareClients(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
