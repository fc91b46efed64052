/**
 * The space-time (Lamport) diagram: one lane per node, time by event order to the right, a line per
 * message from its send to its receive, a mark per protocol step, and fault bands. Click a line or a
 * mark to inspect it; the scrubber below rewinds the whole console.
 */
import { memo, useMemo, useRef, useState } from 'react';
import { messageKinds, familyColorVar } from '../../layers/message-kinds';
import { layoutTimeline, type TimelineLayout } from '../../layers/timeline-layout';
import { useConsole, useConsoleState, useShownThrottled } from '../use-console';
import type { ObservedCluster } from '../../store/observed-cluster';
import { useElementSize } from '../use-element-size';
import { useLocations } from '../use-cluster';
import { EventInspector } from './EventInspector';
import { Scrubber } from './Scrubber';

const windowChoices = [60, 150, 400, 1000];
const gutter = 44;
/** The diagram redraws at most this often; a person reads it, and at thousands of events a second it would only flicker. */
const redrawMs = 200;
const wholeCluster = (observed: ObservedCluster) => observed;

export function Timeline() {
  const { store } = useConsole();
  const areaRef = useRef<HTMLDivElement>(null);
  const size = useElementSize(areaRef);
  const locations = useLocations();
  const lanes = useMemo(() => locations.map((node) => node.id), [locations]);
  const observed = useShownThrottled(wholeCluster, redrawMs);
  const selectedN = useConsoleState((state) => state.selectedEventN);
  const [windowEvents, setWindowEvents] = useState(150);
  const layout = useMemo(
    () =>
      size.width > gutter && size.height > 0
        ? layoutTimeline(observed, lanes, { width: size.width, height: size.height, gutter }, windowEvents)
        : null,
    [observed, lanes, size.width, size.height, windowEvents],
  );
  const select = (n: number) => store.setState({ selectedEventN: n });

  return (
    <section className="timeline panel" aria-label="timeline">
      <h2>
        Timeline{' '}
        <span className="dim hint">messages between nodes, newest on the right; click to inspect</span>
        <span className="spacer" />
        <label className="dim">
          show last{' '}
          <select
            aria-label="timeline window"
            value={windowEvents}
            onChange={(event) => setWindowEvents(Number(event.target.value))}
          >
            {windowChoices.map((choice) => (
              <option key={choice} value={choice}>
                {choice} events
              </option>
            ))}
          </select>
        </label>
      </h2>
      <div className="timeline-body">
        <div className="timeline-area" ref={areaRef}>
          {layout && (
            <TimelineDiagram
              layout={layout}
              width={size.width}
              height={size.height}
              selectedN={selectedN}
              onSelect={select}
            />
          )}
        </div>
        <EventInspector />
      </div>
      <Scrubber />
    </section>
  );
}

interface DiagramProps {
  layout: TimelineLayout;
  width: number;
  height: number;
  selectedN: number | null;
  onSelect: (n: number) => void;
}

const TimelineDiagram = memo(function TimelineDiagram({
  layout,
  width,
  height,
  selectedN,
  onSelect,
}: DiagramProps) {
  return (
    <svg className="timeline-svg" width={width} height={height} role="img" aria-label="space-time diagram">
      {layout.bands.map((band, i) => (
        <g key={`${band.node}-${band.kind}-${i}`} className={`band band-${band.kind}`}>
          <rect x={band.x} y={band.y} width={band.width} height={band.height} rx={3} />
          {band.width > 60 && (
            <text x={band.x + 4} y={band.y + band.height / 2} dy="0.35em">
              {band.label}
            </text>
          )}
        </g>
      ))}
      {layout.lanes.map((lane) => (
        <g key={lane.node} className="lane">
          <line x1={gutter - 4} x2={width} y1={lane.y} y2={lane.y} />
          <text x={4} y={lane.y} dy="0.35em">
            {lane.node}
          </text>
        </g>
      ))}
      {layout.lines.map((line) => {
        const kind = messageKinds[line.kind];
        const color = `var(${familyColorVar(kind.family)})`;
        return (
          <g
            key={line.id}
            className={`msg-line end-${line.end}${line.n === selectedN ? ' selected' : ''}`}
            onClick={() => onSelect(line.n)}
          >
            <title>{`${kind.label} ${line.from} → ${line.to} (${line.end === 'open' ? 'in flight' : line.end})`}</title>
            <line
              x1={line.x1}
              y1={line.y1}
              x2={line.x2}
              y2={line.y2}
              stroke={color}
              strokeDasharray={kind.reply ? '4 2' : undefined}
            />
            <line className="hit" x1={line.x1} y1={line.y1} x2={line.x2} y2={line.y2} />
            {line.end === 'dropped' && <path className="drop-cross" d={crossAt(line.x2, line.y2)} />}
            {line.end === 'delivered' && <circle cx={line.x2} cy={line.y2} r={2.5} fill={color} />}
          </g>
        );
      })}
      {layout.marks.map((mark) => (
        <circle
          key={mark.n}
          className={`step step-${mark.type}${mark.n === selectedN ? ' selected' : ''}`}
          cx={mark.x}
          cy={mark.y}
          r={mark.type === 'chosen' ? 5 : 3.5}
          onClick={() => onSelect(mark.n)}
        >
          <title>{mark.type}</title>
        </circle>
      ))}
    </svg>
  );
});

function crossAt(x: number, y: number): string {
  return `M${x - 4},${y - 4}L${x + 4},${y + 4}M${x + 4},${y - 4}L${x - 4},${y + 4}`;
}
