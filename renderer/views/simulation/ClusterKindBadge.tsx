/** Says at all times what the console shows: a simulated run (with its seed), real agents, a trace, or nothing. */
import { useConsoleState } from '../use-console';
import './simulation.css';

export function ClusterKindBadge() {
  const cluster = useConsoleState((state) => state.cluster);
  const { kind, text, title } = (() => {
    switch (cluster.mode) {
      case 'simulated':
        return {
          kind: 'simulated',
          text: `SIMULATED seed ${cluster.runId?.replace(/^sim-/, '') ?? '?'}`,
          title: 'A deterministic simulation inside the console: no agent processes, no disk, no network',
        };
      case 'spawned':
      case 'attached':
        return {
          kind: 'real',
          text: 'REAL AGENTS',
          title: 'Separate node-agent processes with real disks and gRPC',
        };
      case 'trace':
        return { kind: 'trace', text: 'TRACE FILE', title: 'An imported trace, viewed offline' };
      case 'none':
        return { kind: 'none', text: 'NO CLUSTER', title: 'Start a cluster, simulated or real' };
    }
  })();
  return (
    <span className="sim-badge" data-kind={kind} data-testid="cluster-kind" title={title}>
      {text}
    </span>
  );
}
