/** Start, stop, attach or detach the cluster, with its phase and any warning. */
import { useState } from 'react';
import { ClusterDialog, protocolLabels } from './ClusterDialog';
import { pushFailure } from '../../actions/notices';
import { useConsole, useConsoleState } from '../use-console';

export function ClusterControls() {
  const consoleHandle = useConsole();
  const cluster = useConsoleState((state) => state.cluster);
  const [busy, setBusy] = useState(false);
  const [dialogOpen, setDialogOpen] = useState(false);
  const run = async (what: 'start' | 'stop' | 'detach') => {
    setBusy(true);
    try {
      if (what === 'start') await consoleHandle.client.call('startCluster', {});
      else if (what === 'stop') await consoleHandle.client.call('stopCluster', {});
      else await consoleHandle.client.call('detachCluster', {});
    } catch (error) {
      pushFailure(consoleHandle.store, `Could not ${what} the cluster`, error);
    } finally {
      setBusy(false);
    }
  };
  const canStart = cluster.phase === 'stopped' || cluster.phase === 'failed';
  return (
    <div className="cluster-controls" data-phase={cluster.phase} data-mode={cluster.mode}>
      <span className={`phase phase-${cluster.phase}`}>
        {cluster.mode === 'trace' ? `trace: ${cluster.traceName ?? ''}` : cluster.phase}
        {cluster.progress && cluster.phase === 'starting'
          ? ` ${cluster.progress.readyCount}/${cluster.progress.total} ready`
          : ''}
      </span>
      {cluster.topology && cluster.mode !== 'trace' && (
        <span
          className="protocol-badge"
          data-protocol={cluster.topology.protocol}
          title={protocolLabels[cluster.topology.protocol]}
        >
          {cluster.topology.protocol}
        </span>
      )}
      {cluster.sync === 'never' && cluster.phase === 'running' && (
        <span className="warn" title="promises and accepts are not fsynced: a crash may lose them">
          fsync off
        </span>
      )}
      {cluster.error && <span className="warn">{cluster.error}</span>}
      {canStart && (
        <button className="primary" disabled={busy} onClick={() => void run('start')}>
          Start cluster
        </button>
      )}
      {canStart && (
        <button
          disabled={busy}
          onClick={() => setDialogOpen(true)}
          title="Start from a topology file, with fsync off, or attach to running agents"
        >
          More…
        </button>
      )}
      {cluster.phase === 'running' && cluster.mode === 'spawned' && (
        <button disabled={busy} onClick={() => void run('stop')}>
          Stop cluster
        </button>
      )}
      {cluster.phase === 'running' && cluster.mode === 'attached' && (
        <button
          disabled={busy}
          onClick={() => void run('detach')}
          title="Disconnect and leave the agents running"
        >
          Detach
        </button>
      )}
      {dialogOpen && <ClusterDialog onClose={() => setDialogOpen(false)} />}
    </div>
  );
}
