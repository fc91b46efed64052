/**
 * Every spec starts from the state the suite promises, whatever the spec before it left: the console on
 * real agents (the embedded six-agent PaxosKV cluster, or one started like it), every agent serving,
 * no fault, the protocol at real-time pace and no lesson open. A spec that failed half way may have
 * left a simulated cluster, a lesson, another protocol, a killed node or a partition; this puts it back
 * through the console's own contract (the page may be what broke), with a bounded wait, and a failure
 * says what it found. Call it at the start of a spec (`test.beforeEach(startFromRealAgents)`).
 */
import WebSocket from 'ws';
import type { ConsoleSnapshot } from '../../../app/contract/console-state';
import { healthyFaultState } from '../../../app/model/fault-model';
import type { ConsoleClient } from '../../../renderer/client/console-client';
import { connectWsClient, wsUrlFromPage, type WebSocketLike } from '../../../renderer/client/ws-client';

/** Six agents spawn and recover; a loaded machine gets one second try within this. */
export const knownStateTimeoutMs = 100_000;

const pollMs = 250;

/** What is wrong with the snapshot for a spec to start from it; null when nothing is. */
function departure(snapshot: ConsoleSnapshot): string | null {
  const { cluster, nodes, faults } = snapshot;
  if (cluster.mode !== 'spawned' || cluster.phase !== 'running')
    return `the console is ${cluster.mode} and ${cluster.phase}`;
  if (cluster.topology?.protocol !== 'paxoskv')
    return `the agents run ${cluster.topology?.protocol ?? 'nothing'}`;
  const down = nodes.filter((node) => node.process !== 'running' || node.health !== 'serving');
  if (nodes.length !== 6 || down.length > 0) {
    return `agents not serving: ${down.map((node) => `${node.id} ${node.process}/${node.health}`).join(', ') || `${nodes.length} nodes`}`;
  }
  if (JSON.stringify(faults) !== JSON.stringify(healthyFaultState())) return 'faults are in force';
  if ((cluster.protocolPace ?? 1) !== 1) return `the protocol pace is ${cluster.protocolPace}`;
  return null;
}

export async function startFromRealAgents(pageUrl = process.env.PAXOSCOPE_E2E_URL!): Promise<void> {
  const client = connectWsClient(wsUrlFromPage(pageUrl), {
    createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
  });
  const deadline = performance.now() + knownStateTimeoutMs;
  let found = 'no answer from the console';
  try {
    for (let attempt = 1; performance.now() < deadline; attempt += 1) {
      const snapshot = await settled(client, deadline);
      if ((await client.call('lessonView', {})) !== null) await client.call('lessonAct', { action: 'close' });
      const wrong = departure(snapshot);
      if (wrong === null) return;
      found = wrong;
      await restore(client, snapshot, attempt).catch((error: unknown) => {
        found = `${wrong}; restoring failed: ${error instanceof Error ? error.message : String(error)}`;
      });
      await sleep(pollMs);
    }
  } finally {
    client.close();
  }
  throw new Error(`e2e known state: real agents not back within ${knownStateTimeoutMs / 1000} s: ${found}`);
}

/** The snapshot once no cluster is starting or stopping, and every running agent has been probed. */
async function settled(client: ConsoleClient, deadline: number): Promise<ConsoleSnapshot> {
  for (;;) {
    const snapshot = await client.call('getSnapshot', {}).catch(() => null);
    const busy =
      snapshot === null ||
      snapshot.cluster.phase === 'starting' ||
      snapshot.cluster.phase === 'stopping' ||
      snapshot.nodes.some((node) => node.health === 'unknown');
    if (snapshot && (!busy || performance.now() > deadline)) return snapshot;
    if (performance.now() > deadline) throw new Error('the console did not answer');
    await sleep(pollMs);
  }
}

/**
 * The smallest repair: heal and reset the pace on a sound cluster; otherwise (another mode, protocol,
 * or an agent down, or a first repair that did not take) a fresh start of the real agents.
 */
async function restore(client: ConsoleClient, snapshot: ConsoleSnapshot, attempt: number): Promise<void> {
  const { cluster } = snapshot;
  const sound =
    cluster.mode === 'spawned' &&
    cluster.phase === 'running' &&
    cluster.topology?.protocol === 'paxoskv' &&
    snapshot.nodes.every((node) => node.process === 'running' && node.health === 'serving');
  if (sound && attempt === 1) {
    await client.call('applyFault', { change: { kind: 'heal' } });
    for (const node of snapshot.faults.paused) await client.call('resumeNode', { nodeId: node });
    if (snapshot.faults.hold.all || snapshot.faults.hold.links.length > 0)
      await client.call('applyFault', { change: { kind: 'unhold' } });
    await client.call('setProtocolPace', { rate: 1 });
    return;
  }
  if (cluster.mode === 'attached') await client.call('detachCluster', {});
  else if (cluster.phase === 'running' && cluster.mode !== 'trace') await client.call('stopCluster', {});
  await client.call('startCluster', {});
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
