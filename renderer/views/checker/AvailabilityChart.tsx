/**
 * Availability over the run's time, one line per protocol, the shared fault schedule as bands behind
 * them: the memory-cloud article's outage figure, drawn from each protocol's own history as it runs.
 */
import { useMemo, useRef } from 'react';
import type { ComparisonRun } from '../../../app/contract/comparison-run';
import { availabilityChartLayout, protocolColor } from '../../checker/availability-chart-layout';
import { useElementSize } from '../use-element-size';

export function AvailabilityChart({ run }: { run: ComparisonRun }) {
  const boxRef = useRef<HTMLDivElement>(null);
  const size = useElementSize(boxRef);
  const durationMs = run.settings?.durationMs ?? 0;
  const layout = useMemo(
    () => availabilityChartLayout(run.protocols, run.faults, durationMs, size),
    [run.protocols, run.faults, durationMs, size],
  );
  const { plot } = layout;
  const bucketMs = run.protocols[0]?.series.bucketMs ?? 0;
  return (
    <figure className="availability-chart" aria-label="availability over time">
      <figcaption className="small">
        Share of operations answered per {bucketMs >= 1000 ? `${bucketMs / 1000} s` : `${bucketMs} ms`} of the
        run (by call time); a gap: no call began then (every client was waiting on one); shaded: the fault
        schedule every protocol got
        <Legend run={run} />
      </figcaption>
      <div className="availability-chart-box" ref={boxRef}>
        {size.width > 0 && (
          <svg width={size.width} height={size.height} role="img" aria-label="availability chart">
            {layout.bands.map((band) => (
              <g key={band.id} className="comparison-fault-band" data-fault={band.id}>
                <rect x={band.x0} y={plot.top} width={band.x1 - band.x0} height={plot.bottom - plot.top} />
                <title>{band.label}</title>
                <text x={band.x0 + 3} y={plot.bottom - 4} className="band-label">
                  {band.label.split(' ')[0]}
                </text>
              </g>
            ))}
            <g className="axis axis-y">
              {layout.yTicks.map((tick) => (
                <g key={tick.text}>
                  <line x1={plot.left} x2={plot.right} y1={tick.y} y2={tick.y} className="grid" />
                  <text x={plot.left - 5} y={tick.y} dy="0.32em" textAnchor="end">
                    {tick.text}
                  </text>
                </g>
              ))}
              <text
                transform={`translate(11 ${(plot.top + plot.bottom) / 2}) rotate(-90)`}
                textAnchor="middle"
                className="axis-title"
              >
                answered
              </text>
            </g>
            <g className="axis axis-x">
              <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} />
              {layout.xTicks.map((tick) => (
                <text key={tick.text} x={tick.x} y={plot.bottom + 14} textAnchor="middle">
                  {tick.text}
                </text>
              ))}
              <text
                x={(plot.left + plot.right) / 2}
                y={size.height - 4}
                textAnchor="middle"
                className="axis-title"
              >
                seconds since the workload started
              </text>
            </g>
            {layout.lines.map((chartLine) => (
              <g key={chartLine.protocol} className="availability-line" data-protocol={chartLine.protocol}>
                <path
                  d={chartLine.path}
                  stroke={chartLine.color}
                  fill="none"
                  strokeWidth={chartLine.strokeWidth}
                  strokeLinejoin="round"
                />
                {chartLine.points
                  .filter((point) => point.share !== null)
                  .map((point) => (
                    <circle
                      key={point.midMs}
                      cx={point.x}
                      cy={point.y}
                      r={1 + chartLine.strokeWidth}
                      fill={chartLine.color}
                    >
                      <title>
                        {`${chartLine.protocol} at ${(point.midMs / 1000).toFixed(2)} s: ${point.answered} of ${point.called} answered`}
                      </title>
                    </circle>
                  ))}
              </g>
            ))}
          </svg>
        )}
      </div>
    </figure>
  );
}

function Legend({ run }: { run: ComparisonRun }) {
  return (
    <span className="chart-legend">
      {run.protocols.map(({ protocol }) => (
        <span key={protocol} className="legend-entry" data-protocol={protocol}>
          <span className="legend-swatch" style={{ background: protocolColor(protocol) }} />
          {protocol}
        </span>
      ))}
      <span className="legend-entry">
        <span className="legend-swatch fault" />
        fault
      </span>
    </span>
  );
}
