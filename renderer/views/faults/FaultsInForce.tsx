/** What is broken right now, in words, and the button that heals it all (with an undo). */
import { applyFault } from '../../actions/faults';
import { useConsole, useConsoleState } from '../use-console';
import { useLocations } from '../use-cluster';

export function FaultsInForce() {
  const consoleHandle = useConsole();
  const faults = useConsoleState((state) => state.faults);
  const nodes = useLocations().map((node) => node.id);
  const cuts = Object.entries(faults.reachable).flatMap(([from, peers]) =>
    nodes.filter((to) => to !== from && !peers.includes(to)).map((to) => `${from} ↛ ${to}`),
  );
  const rules = faults.links.map(
    (rule) =>
      `${rule.from} → ${rule.to}: +${rule.delayMs} ms${rule.jitterMs ? ` ±${rule.jitterMs}` : ''}, ${Math.round(rule.dropProbability * 100)}% loss, ${Math.round(rule.duplicateProbability * 100)}% dup`,
  );
  const healthy = cuts.length === 0 && rules.length === 0;
  return (
    <div className="faults-in-force" data-healthy={healthy}>
      {healthy ? (
        <span className="dim">Network healthy: every node reaches every other.</span>
      ) : (
        <details open={cuts.length + rules.length <= 4}>
          <summary>
            {cuts.length} blocked link{cuts.length === 1 ? '' : 's'}, {rules.length} link rule
            {rules.length === 1 ? '' : 's'}
          </summary>
          <ul className="fault-list mono">
            {[...cuts, ...rules].map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </details>
      )}
      <button
        className="primary"
        disabled={healthy}
        onClick={() =>
          void applyFault(consoleHandle, { kind: 'heal' }, 'Healed every partition, cut and link rule')
        }
        title="Remove every partition, cut and link rule (pauses and holds stay)"
      >
        Heal all
      </button>
    </div>
  );
}
