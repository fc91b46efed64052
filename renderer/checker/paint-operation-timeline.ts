/**
 * Paints the operation timeline's lanes, fault bands and bars on a canvas (thousands of bars stay
 * cheap there); marked bars are painted last so nothing covers them. Colours come from the theme's
 * CSS variables so light and dark both read.
 */
import {
  laneTop,
  type OperationBar,
  type OperationTimelineLayout,
  type TimelineSize,
} from './operation-timeline-layout';

export interface TimelinePalette {
  ok: string;
  fail: string;
  unknown: string;
  blocked: string;
  offending: string;
  band: string;
  lane: string;
  text: string;
}

/** The palette from the theme variables in force on `element`. */
export function paletteOf(element: Element): TimelinePalette {
  const style = getComputedStyle(element);
  const color = (name: string) => style.getPropertyValue(name).trim();
  return {
    ok: color('--up'),
    fail: color('--down'),
    unknown: color('--paused'),
    blocked: color('--killed'),
    offending: color('--cutoff'),
    band: color('--cutoff'),
    lane: color('--border'),
    text: color('--text-dim'),
  };
}

export function paintOperationTimeline(
  context: CanvasRenderingContext2D,
  layout: OperationTimelineLayout,
  size: TimelineSize,
  palette: TimelinePalette,
): void {
  context.clearRect(0, 0, size.width, layout.height);
  paintLanes(context, layout, size, palette);
  context.globalAlpha = 0.16;
  context.fillStyle = palette.band;
  for (const band of layout.bands) context.fillRect(band.x0, 0, band.x1 - band.x0, layout.height);
  context.globalAlpha = 1;
  const barHeight = Math.max(3, size.laneHeight * 0.55);
  const paintBar = (bar: OperationBar, color: string) => {
    context.fillStyle = color;
    const y = laneTop(bar.lane, size) + (size.laneHeight - barHeight) / 2;
    // A pixel's gap between a client's back-to-back operations keeps them apart.
    context.fillRect(bar.x0, y, Math.max(1, bar.x1 - bar.x0 - 1), barHeight);
  };
  for (const bar of layout.bars) if (bar.mark === null) paintBar(bar, palette[bar.outcome]);
  for (const bar of layout.bars) if (bar.mark !== null) paintBar(bar, palette[bar.mark]);
}

function paintLanes(
  context: CanvasRenderingContext2D,
  layout: OperationTimelineLayout,
  size: TimelineSize,
  palette: TimelinePalette,
): void {
  context.strokeStyle = palette.lane;
  context.fillStyle = palette.text;
  // Lane names scale with the lanes, so presenter mode's taller lanes get larger names.
  context.font = `${Math.round(size.laneHeight * 0.8)}px ui-monospace, monospace`;
  context.textBaseline = 'middle';
  context.lineWidth = 1;
  layout.lanes.forEach((lane, index) => {
    const y = laneTop(index, size);
    context.beginPath();
    context.moveTo(size.gutter, y + size.laneHeight + 0.5);
    context.lineTo(size.width, y + size.laneHeight + 0.5);
    context.stroke();
    context.fillText(lane, 4, y + size.laneHeight / 2);
  });
}
