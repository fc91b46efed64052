/**
 * The lens for a protocol without a PLog (QuorumKV): each of the key's three replicas' own copy —
 * version, the coordinator that wrote it, the value — read from the agents, so a class sees replicas
 * disagree after a partition, and read repair bring them back together.
 */
import { useInspectedViews } from './use-inspected-views';
import { ReplicaHead } from './ReplicaHead';

/** How often the copies are read again while the lens shows the key. */
const readEveryMs = 1_500;

export function ReplicaCopies({ itemKey, replicas }: { itemKey: string; replicas: readonly string[] }) {
  const views = useInspectedViews(itemKey, replicas, readEveryMs);
  return (
    <table className="lens-grid replica-copies" data-key={itemKey}>
      <thead>
        <tr>
          <th>replica</th>
          <th>its copy (version, writer, value)</th>
        </tr>
      </thead>
      <tbody>
        {replicas.map((node, i) => {
          const view = views[i];
          const text =
            view === undefined ? '…' : view === null ? 'not reachable' : (view.copy?.text ?? 'holds nothing');
          return (
            <tr key={node} data-replica={node}>
              <ReplicaHead node={node} role={i} />
              <td className="lens-cell mono">{text}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
