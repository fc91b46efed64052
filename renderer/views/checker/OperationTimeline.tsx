/**
 * The run's operations per client lane, from call to return, coloured by outcome, with fault bands
 * behind them. Marked operations (not placeable by the check) are drawn on top and get a button each;
 * any bar can be clicked to show its details.
 */
import { useEffect, useMemo, useRef, type RefObject } from 'react';
import {
  barAt,
  layoutOperationTimeline,
  type OperationTimelineLayout,
  type TimelineSize,
} from '../../checker/operation-timeline-layout';
import { paintOperationTimeline, paletteOf } from '../../checker/paint-operation-timeline';
import type { CheckerView } from '../../store/slices/checker-slice';
import { useConsole, useConsoleState } from '../use-console';
import { useElementSize } from '../use-element-size';
import { TimelineOverlays } from './TimelineOverlays';

interface Props {
  view: CheckerView;
  blockedIds: ReadonlySet<string>;
  offendingIds: ReadonlySet<string>;
}

/** Sizes at the normal type size; presenter mode scales them with its larger type (20 px over 14 px). */
const laneHeight = 14;
/** Two rows of fault labels above the lanes. */
const top = 30;
const gutter = 52;
const presenterScale = 20 / 14;

function timelineSize(width: number, presenter: boolean): TimelineSize {
  const scale = presenter ? presenterScale : 1;
  return {
    width,
    gutter: Math.round(gutter * scale),
    laneHeight: Math.round(laneHeight * scale),
    top: Math.round(top * scale),
  };
}

export function OperationTimeline({ view, blockedIds, offendingIds }: Props) {
  const { store } = useConsole();
  const areaRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const { width } = useElementSize(areaRef);
  const presenter = useConsoleState((state) => state.settings.presenter);
  const size = useMemo(() => timelineSize(width, presenter), [width, presenter]);
  const settings = view.run.settings;
  const layout = useMemo(
    () =>
      settings && width > size.gutter
        ? layoutOperationTimeline(
            {
              clientCount: settings.clients,
              durationMs: settings.durationMs,
              latestMs: view.latestMs,
              operations: view.operations,
              faults: view.faults,
              blockedIds,
              offendingIds,
            },
            size,
          )
        : null,
    [settings, width, size, view.latestMs, view.operations, view.faults, blockedIds, offendingIds],
  );
  usePaintedCanvas(canvasRef, layout, size);
  return (
    <div className="operation-timeline" ref={areaRef} aria-label="operation timeline">
      {layout && (
        <div className="operation-timeline-plot" style={{ height: layout.height }}>
          <canvas
            ref={canvasRef}
            style={{ width: size.width, height: layout.height }}
            onClick={(event) => {
              const bounds = event.currentTarget.getBoundingClientRect();
              const bar = barAt(layout, size, event.clientX - bounds.left, event.clientY - bounds.top);
              if (bar) store.setState({ checkerSelectedId: bar.id });
            }}
          />
          <TimelineOverlays layout={layout} size={size} />
        </div>
      )}
    </div>
  );
}

/** Repaints the canvas (at the screen's pixel density) when the layout, size or theme changes. */
function usePaintedCanvas(
  canvasRef: RefObject<HTMLCanvasElement | null>,
  layout: OperationTimelineLayout | null,
  size: TimelineSize,
): void {
  const theme = useConsoleState((state) => state.settings.theme);
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !layout) return;
    const scale = window.devicePixelRatio || 1;
    canvas.width = Math.round(size.width * scale);
    canvas.height = Math.round(layout.height * scale);
    const context = canvas.getContext('2d');
    if (!context) return;
    context.setTransform(scale, 0, 0, scale, 0, 0);
    paintOperationTimeline(context, layout, size, paletteOf(canvas));
  }, [canvasRef, layout, size, theme]);
}
