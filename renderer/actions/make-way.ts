/**
 * Before the console opens another cluster (a lesson, a shared scenario, a scenario file), the one it
 * shows makes way: a spawned or simulated cluster is stopped, an attached one is detached (its agents
 * keep running; they are not ours to stop).
 */
import type { ConsoleHandle } from './console-handle';

export async function makeWayForNewCluster({ client, store }: ConsoleHandle): Promise<void> {
  const { mode } = store.getState().cluster;
  if (mode === 'spawned' || mode === 'simulated') await client.call('stopCluster', {});
  if (mode === 'attached') await client.call('detachCluster', {});
}
