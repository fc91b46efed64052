/**
 * The run's operations per client lane, from call to return, coloured by outcome, with fault bands
 * behind them. Marked operations (not placeable by the check) are drawn on top and get a button each;
 * any bar can be clicked to show its details.
 */
import { useEffect, useMemo, useRef } from 'react';
import { barAt, layoutOperationTimeline, type TimelineSize } from '../../checker/operation-timeline-layout';
import { paintOperationTimeline, paletteOf } from '../../checker/paint-operation-timeline';
import type { CheckerView } from '../../store/slices/checker-slice';
import { useConsole, useConsoleState } from '../console-context';
import { useElementSize } from '../use-element-size';

interface Props {
  view: CheckerView;
  blockedIds: ReadonlySet<string>;
  offendingIds: ReadonlySet<string>;
}

const laneHeight = 14;
/** Two rows of fault labels above the lanes. */
const top = 30;
const labelRowHeight = 14;
const gutter = 52;

export function OperationTimeline({ view, blockedIds, offendingIds }: Props) {
  const { store } = useConsole();
  const selectedId = useConsoleState((state) => state.checkerSelectedId);
  const theme = useConsoleState((state) => state.settings.theme);
  const areaRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const { width } = useElementSize(areaRef);
  const size: TimelineSize = useMemo(() => ({ width, gutter, laneHeight, top }), [width]);
  const settings = view.run.settings;
  const layout = useMemo(
    () =>
      settings && width > gutter
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
  }, [layout, size, theme]);
  const marked = layout?.bars.filter((bar) => bar.mark !== null) ?? [];
  const selected = selectedId ? layout?.bars.find((bar) => bar.id === selectedId) : undefined;
  const select = (id: string) => store.setState({ checkerSelectedId: id });
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
              if (bar) select(bar.id);
            }}
          />
          {layout.bands.map((band) => (
            <div
              key={band.id}
              className="fault-band-label"
              data-fault={band.id}
              data-open={band.open}
              title={band.label}
              style={{
                left: band.x0,
                top: band.labelRow * labelRowHeight,
                maxWidth: Math.max(band.x1 - band.x0, 220),
              }}
            >
              {band.label}
            </div>
          ))}
          {marked.map((bar) => (
            <button
              key={bar.id}
              className={`marked-operation mark-${bar.mark}`}
              data-operation={bar.id}
              data-mark={bar.mark}
              aria-label={`${bar.mark} operation ${bar.id}`}
              style={{
                left: bar.x0,
                top: top + bar.lane * laneHeight,
                width: bar.x1 - bar.x0,
                height: laneHeight,
              }}
              onClick={() => select(bar.id)}
            />
          ))}
          {selected && (
            <div
              className="selected-operation"
              data-operation={selected.id}
              style={{
                left: selected.x0 - 2,
                top: top + selected.lane * laneHeight - 1,
                width: selected.x1 - selected.x0 + 4,
                height: laneHeight + 2,
              }}
            />
          )}
        </div>
      )}
    </div>
  );
}
