/** The safety checks, live: green while they hold on this path; red, with the step and event, once one breaks. */
import type { SimulationView } from '../../../app/contract/simulation-commands';

export function InvariantList({ view }: { view: SimulationView }) {
  if (!view.invariantsChecked) {
    return (
      <p className="dim">
        The safety checks read PaxosKV&apos;s records and messages; {view.protocol} is not checked live.
      </p>
    );
  }
  return (
    <ul className="sim-invariants" aria-label="invariants">
      {view.invariants.map((invariant) => (
        <li key={invariant.id} className={invariant.ok ? 'ok' : 'broken'} data-invariant={invariant.id}>
          <span className="mark">{invariant.ok ? '✓' : '✗'}</span> {invariant.label}
          {invariant.broken && (
            <div className="detail">
              {invariant.broken.step >= 0 ? `step ${invariant.broken.step}, ` : ''}t={invariant.broken.atMs}{' '}
              ms: {invariant.broken.detail}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
