/**
 * The Checker panel's operation timeline as plain geometry: one lane per client (fixed from the run's
 * settings, so lanes never reorder while operations stream), time across on a scale that spans the
 * planned duration until the run outgrows it, each operation a bar from call to return, faults as
 * bands. Also finds the operation under a click.
 */
import type { HistoryOperation, OperationOutcome } from '../../app/checker/history';
import type { CheckerFault } from '../../app/contract/checker-run';
import { settleClient, workloadClientName } from '../../app/contract/checker-vocabulary';

export interface TimelineSize {
  width: number;
  /** Room left of the plot for lane labels. */
  gutter: number;
  laneHeight: number;
  /** Room above the lanes for fault labels. */
  top: number;
}

export type OperationMark = 'blocked' | 'offending' | null;

export interface OperationBar {
  id: string;
  lane: number;
  x0: number;
  x1: number;
  outcome: OperationOutcome;
  mark: OperationMark;
}

export interface FaultBand {
  id: string;
  x0: number;
  x1: number;
  label: string;
  /** Labels alternate between two rows so overlapping faults stay readable. */
  labelRow: 0 | 1;
  /** Still in force: the band runs to the newest time seen. */
  open: boolean;
}

export interface OperationTimelineLayout {
  lanes: string[];
  bars: OperationBar[];
  bands: FaultBand[];
  /** Milliseconds on the run's clock at the plot's right edge. */
  endMs: number;
  height: number;
  /** Run-clock ms → x. */
  xOf(ms: number): number;
}

export interface TimelineInput {
  clientCount: number;
  durationMs: number;
  latestMs: number;
  operations: readonly HistoryOperation[];
  faults: readonly CheckerFault[];
  blockedIds: ReadonlySet<string>;
  offendingIds: ReadonlySet<string>;
}

/** The workload's client names, in lane order. */
export function clientNames(clientCount: number): string[] {
  return Array.from({ length: clientCount }, (_, index) => workloadClientName(index));
}

/** The lane names of a run: its clients c1…cN, then the settle reads after the heal. */
export function laneNames(clientCount: number): string[] {
  return [...clientNames(clientCount), settleClient];
}

/** A bar is at least this wide, so a fast operation stays visible and clickable. */
const barWidthMin = 2;

export function layoutOperationTimeline(input: TimelineInput, size: TimelineSize): OperationTimelineLayout {
  const lanes = laneNames(input.clientCount);
  const laneIndex = new Map(lanes.map((name, index) => [name, index]));
  const endMs = Math.max(input.durationMs, input.latestMs, 1);
  const plotWidth = Math.max(1, size.width - size.gutter);
  const xOf = (ms: number) => size.gutter + (Math.max(0, ms) / endMs) * plotWidth;
  const bars: OperationBar[] = [];
  for (const operation of input.operations) {
    const lane = laneIndex.get(operation.client);
    if (lane === undefined) continue;
    const x0 = xOf(operation.callMs);
    const x1 = Math.max(x0 + barWidthMin, xOf(operation.returnMs ?? input.latestMs));
    bars.push({
      id: operation.id,
      lane,
      x0,
      x1,
      outcome: operation.outcome,
      mark: markOf(operation.id, input),
    });
  }
  const bands = input.faults.map((fault, index): FaultBand => ({
    id: fault.id,
    labelRow: index % 2 === 0 ? 0 : 1,
    x0: xOf(fault.appliedMs),
    x1: Math.max(xOf(fault.appliedMs) + barWidthMin, xOf(fault.healedMs ?? input.latestMs)),
    label: `${fault.id} ${fault.label}`,
    open: fault.healedMs === null,
  }));
  return { lanes, bars, bands, endMs, height: size.top + lanes.length * size.laneHeight, xOf };
}

function markOf(id: string, input: TimelineInput): OperationMark {
  if (input.blockedIds.has(id)) return 'blocked';
  if (input.offendingIds.has(id)) return 'offending';
  return null;
}

/** The lane's top edge. */
export function laneTop(lane: number, size: TimelineSize): number {
  return size.top + lane * size.laneHeight;
}

/** The operation drawn at (x, y), preferring marked bars, then the one whose middle is nearest. */
export function barAt(
  layout: OperationTimelineLayout,
  size: TimelineSize,
  x: number,
  y: number,
): OperationBar | null {
  const lane = Math.floor((y - size.top) / size.laneHeight);
  if (lane < 0 || lane >= layout.lanes.length) return null;
  // A click this close to a bar takes it: paced clients leave gaps a few pixels wide between short bars.
  const slopPx = 6;
  let best: OperationBar | null = null;
  for (const bar of layout.bars) {
    if (bar.lane !== lane || x < bar.x0 - slopPx || x > bar.x1 + slopPx) continue;
    if (!best || rank(bar, x) < rank(best, x)) best = bar;
  }
  return best;
}

function rank(bar: OperationBar, x: number): number {
  const markBonus = bar.mark === null ? 0 : -1e6;
  return markBonus + Math.abs((bar.x0 + bar.x1) / 2 - x);
}
