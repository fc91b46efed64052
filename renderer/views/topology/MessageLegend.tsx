/** What the dots mean: colour by protocol step, filled for requests, hollow for replies, and the fault marks. */
import type { ReactNode } from 'react';
import { familyColorVar, familyLabels, messageFamilies } from '../../layers/message-kinds';

/** One legend entry: a small mark drawn by `children` in a `size` px square, then its label. */
function LegendItem({ label, size = 12, children }: { label: string; size?: number; children: ReactNode }) {
  return (
    <span className="legend-item">
      <svg width={size} height={size} aria-hidden="true">
        {children}
      </svg>
      {label}
    </span>
  );
}

export function MessageLegend() {
  return (
    <div className="legend" aria-label="message legend">
      {messageFamilies.map((family) => (
        <LegendItem key={family} label={familyLabels[family]}>
          <circle cx="6" cy="6" r="5" fill={`var(${familyColorVar(family)})`} />
        </LegendItem>
      ))}
      <LegendItem label="reply">
        <circle cx="6" cy="6" r="4.5" fill="none" stroke="var(--text-dim)" strokeWidth="1.5" />
      </LegendItem>
      <LegendItem label="delayed" size={14}>
        <circle cx="7" cy="7" r="3" fill="var(--text-dim)" />
        <circle cx="7" cy="7" r="6" fill="none" stroke="var(--text-dim)" strokeDasharray="2 2" />
      </LegendItem>
      <LegendItem label="held">
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
      </LegendItem>
      <LegendItem label="dropped">
        <path d="M2,2L10,10M10,2L2,10" stroke="var(--msg-dropped)" strokeWidth="2" />
      </LegendItem>
    </div>
  );
}
