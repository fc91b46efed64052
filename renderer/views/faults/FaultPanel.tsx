/**
 * The fault panel: every node with the actions main allows for it now (kill, restart, wipe, pause,
 * resume), what is broken in the network and the heal button, the protocol pace and how fast protocol
 * time runs when it is not real time, partitions, cuts, slow or lossy links, hold mode with its tray, and
 * a corrupted stored value for the verifier to find.
 */
import { nodeActionLabels, runNodeAction } from '../../actions/node-actions';
import { healthLabels } from '../../store/selectors/node-health';
import { useConsole, useConsoleState } from '../use-console';
import { useHealthById, useLocations } from '../use-cluster';
import { CorruptControl } from './CorruptControl';
import { FaultsInForce } from './FaultsInForce';
import { HeldTray } from './HeldTray';
import { HoldControl } from './HoldControl';
import { CutControl, LinkRuleControl } from './LinkControls';
import { PaceControl } from './PaceControl';
import { PartitionControl } from './PartitionControl';
import { ProtocolTime } from './ProtocolTime';

const shortLabels = {
  kill: 'kill',
  restart: 'restart',
  wipeAndRestart: 'wipe',
  pause: 'pause',
  resume: 'resume',
} as const;

export function FaultPanel() {
  const locations = useLocations();
  // An imported trace or a stopped cluster has nothing to break: the controls appear only when they can act.
  const live = useConsoleState(
    (state) => state.cluster.phase === 'running' && state.cluster.mode !== 'trace',
  );
  return (
    <section className="panel fault-panel" aria-label="faults">
      <h2>Faults</h2>
      {locations.length === 0 ? <p className="dim">Start a cluster to break it.</p> : <NodeActionTable />}
      {live && (
        <>
          <FaultsInForce />
          <PaceControl />
          <ProtocolTime />
          <HeldTray />
          <PartitionControl />
          <CutControl />
          <LinkRuleControl />
          <HoldControl />
          <CorruptControl />
        </>
      )}
    </section>
  );
}

function NodeActionTable() {
  const consoleHandle = useConsole();
  const locations = useLocations();
  const health = useHealthById();
  const processes = useConsoleState((state) => state.processes);
  return (
    <table className="node-actions">
      <tbody>
        {locations.map((node) => {
          const nodeHealth = health[node.id] ?? 'unknown';
          return (
            <tr key={node.id} data-node={node.id}>
              <th>
                <button
                  className="link"
                  onClick={() => consoleHandle.store.setState({ selectedNodeId: node.id })}
                >
                  {node.id}
                </button>
              </th>
              <td className="dim small">{node.datacenterId}</td>
              <td>
                <span className={`health-dot health-${nodeHealth}`} /> {healthLabels[nodeHealth]}
              </td>
              <td className="actions">
                {(processes[node.id]?.actions ?? []).map((action) => (
                  <button
                    key={action}
                    className={action === 'kill' || action === 'wipeAndRestart' ? 'danger small' : 'small'}
                    data-action={action}
                    title={nodeActionLabels[action]}
                    onClick={() => void runNodeAction(consoleHandle, node.id, action)}
                  >
                    {shortLabels[action]}
                  </button>
                ))}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
