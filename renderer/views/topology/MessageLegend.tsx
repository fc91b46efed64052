/** What the dots mean: colour by protocol step, filled for requests, hollow for replies, and the fault marks. */
import { familyColorVar, familyLabels, messageFamilies } from '../../layers/message-kinds';

export function MessageLegend() {
  return (
    <div className="legend" aria-label="message legend">
      {messageFamilies.map((family) => (
        <span key={family} className="legend-item">
          <svg width="12" height="12" aria-hidden="true">
            <circle cx="6" cy="6" r="5" fill={`var(${familyColorVar(family)})`} />
          </svg>
          {familyLabels[family]}
        </span>
      ))}
      <span className="legend-item">
        <svg width="12" height="12" aria-hidden="true">
          <circle cx="6" cy="6" r="4.5" fill="none" stroke="var(--text-dim)" strokeWidth="1.5" />
        </svg>
        reply
      </span>
      <span className="legend-item">
        <svg width="14" height="14" aria-hidden="true">
          <circle cx="7" cy="7" r="3" fill="var(--text-dim)" />
          <circle cx="7" cy="7" r="6" fill="none" stroke="var(--text-dim)" strokeDasharray="2 2" />
        </svg>
        delayed
      </span>
      <span className="legend-item">
        <svg width="12" height="12" aria-hidden="true">
          <rect
            x="1"
            y="1"
            width="10"
            height="10"
            rx="2"
            fill="none"
            stroke="var(--msg-held)"
            strokeWidth="2"
          />
        </svg>
        held
      </span>
      <span className="legend-item">
        <svg width="12" height="12" aria-hidden="true">
          <path d="M2,2L10,10M10,2L2,10" stroke="var(--msg-dropped)" strokeWidth="2" />
        </svg>
        dropped
      </span>
    </div>
  );
}
