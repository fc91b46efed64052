/**
 * The comparison chart's geometry, pure: each protocol's availability per time bucket as a line
 * (share of the operations called in the bucket that the store answered, broken where a bucket had no
 * calls, so an empty bucket is never drawn as 0% or 100%), the shared fault schedule as bands, and the
 * axes' ticks. d3 computes; the view draws the SVG.
 */
import { line, scaleLinear, schemeTableau10 } from 'd3';
import type { AvailabilitySeries, ComparisonFault, ProtocolRun } from '../../app/contract/comparison-run';
import { protocolNames, type ProtocolName } from '../../app/protocol/protocol';

export interface ChartSize {
  width: number;
  height: number;
}

/** Room for the axes: percent labels on the left, seconds and the axis title below. */
export const chartMargin = { top: 10, right: 14, bottom: 34, left: 44 } as const;

export interface AvailabilityPoint {
  /** The bucket's middle on the run's clock. */
  midMs: number;
  called: number;
  answered: number;
  /** answered / called; null for a bucket no operation was called in. */
  share: number | null;
}

export interface ChartLine {
  protocol: ProtocolName;
  color: string;
  /**
   * Earlier protocols draw wider, so where several lines run together (all at 100% outside faults)
   * each still shows as a rim around the next.
   */
  strokeWidth: number;
  /** SVG path data; separate pieces where buckets had no calls. */
  path: string;
  points: Array<AvailabilityPoint & { x: number; y: number }>;
}

export interface ChartBand {
  id: string;
  label: string;
  x0: number;
  x1: number;
}

export interface AvailabilityChartLayout {
  lines: ChartLine[];
  bands: ChartBand[];
  xTicks: Array<{ x: number; text: string }>;
  yTicks: Array<{ y: number; text: string }>;
  /** The plot's box inside the SVG. */
  plot: { left: number; top: number; right: number; bottom: number };
}

/** Every bucket of a series with its share. */
export function availabilityPoints(series: AvailabilitySeries): AvailabilityPoint[] {
  return series.called.map((called, index) => {
    const answered = series.answered[index] ?? 0;
    return {
      midMs: (index + 0.5) * series.bucketMs,
      called,
      answered,
      share: called === 0 ? null : answered / called,
    };
  });
}

/** Tableau's ten without its red, which the fault bands and errors wear. */
const protocolPalette = schemeTableau10.filter((color) => color !== '#e15759');

/** One colour per protocol, by its place in the registry, so a protocol keeps its colour in every chart. */
export function protocolColor(protocol: ProtocolName): string {
  return protocolPalette[protocolNames.indexOf(protocol) % protocolPalette.length]!;
}

export function availabilityChartLayout(
  runs: readonly ProtocolRun[],
  faults: readonly ComparisonFault[],
  durationMs: number,
  size: ChartSize,
): AvailabilityChartLayout {
  const plot = {
    left: chartMargin.left,
    top: chartMargin.top,
    right: Math.max(chartMargin.left + 1, size.width - chartMargin.right),
    bottom: Math.max(chartMargin.top + 1, size.height - chartMargin.bottom),
  };
  const x = scaleLinear().domain([0, durationMs]).range([plot.left, plot.right]);
  const y = scaleLinear().domain([0, 1]).range([plot.bottom, plot.top]);
  const lines = runs.map((run, index): ChartLine => {
    const points = availabilityPoints(run.series).map((point) => ({
      ...point,
      x: x(point.midMs),
      y: y(point.share ?? 0),
    }));
    const path = line<(typeof points)[number]>()
      .defined((point) => point.share !== null)
      .x((point) => point.x)
      .y((point) => point.y)(points);
    return {
      protocol: run.protocol,
      color: protocolColor(run.protocol),
      strokeWidth: 1.5 + 2 * (runs.length - 1 - index),
      path: path ?? '',
      points,
    };
  });
  const bands = faults.map((fault) => ({
    id: fault.id,
    label: fault.label,
    x0: x(Math.min(fault.startMs, durationMs)),
    x1: x(Math.min(fault.endMs, durationMs)),
  }));
  const tickCount = Math.max(2, Math.floor((plot.right - plot.left) / 70));
  return {
    lines,
    bands,
    xTicks: x.ticks(tickCount).map((ms) => ({ x: x(ms), text: `${ms / 1000}` })),
    yTicks: y.ticks(4).map((share) => ({ y: y(share), text: `${Math.round(share * 100)}%` })),
    plot,
  };
}
