/**
 * The cluster a check runs against: six agents it starts itself (the default topology on free
 * loopback ports, with a fresh token and data under a temporary folder it removes afterwards), or
 * agents already running that it attaches to by address. Either way the nemesis gets the same handle;
 * attached agents can be paused and cut off but not restarted or signalled, so kill, wipe and sigstop
 * need a started cluster.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FaultChangeInput } from '../../app/model/fault-model';
import type { ProtocolName } from '../../app/protocol/protocol';
import { defaultTopology, nodeLocations, type NodeLocation, type Topology } from '../../app/model/topology';
import { withAddresses } from '../../app/model/topology-ports';
import {
  ControlClient,
  ClusterKvClient,
  kvAttemptTimeoutMs,
  LocalCluster,
  withFreePorts,
} from '../../node-agent';
import { AgentFaultGates } from './agent-fault-gates';
import type { NemesisCluster } from './nemesis-runner';
import { continueProcess, stopProcess } from './process-signals';

export interface HarnessCluster {
  topology: Topology;
  nodes: NodeLocation[];
  kv: ClusterKvClient;
  controls: ReadonlyMap<string, ControlClient>;
  nemesis: NemesisCluster;
  /** False when attached: the nemesis cannot bring a killed agent back or signal its process. */
  ownsProcesses: boolean;
  close(): Promise<void>;
}

/** Starts the six agents of the default topology, running `protocol`. */
export async function startHarnessCluster(protocol: ProtocolName = 'paxoskv'): Promise<HarnessCluster> {
  const shape = defaultTopology();
  const topology = { ...(await withFreePorts(shape)), protocol };
  const token = randomBytes(16).toString('hex');
  const dataRoot = mkdtempSync(join(tmpdir(), 'paxoscope-check-'));
  const cluster = new LocalCluster({ topology, dataRoot, token });
  const killOnExit = () => cluster.killAllNow();
  process.once('exit', killOnExit);
  try {
    await cluster.startAll();
  } catch (error) {
    cluster.killAllNow();
    rmSync(dataRoot, { recursive: true, force: true });
    throw error;
  }
  const nemesis = (controls: ReadonlyMap<string, ControlClient>): NemesisCluster => {
    const gates = new AgentFaultGates(controls);
    return {
      ...directFaults(controls, gates),
      kill: async (nodeId) => void (await cluster.agent(nodeId).kill()),
      restart: async (nodeId, wipe) => {
        await cluster.restart(nodeId, { wipe });
        await gates.restore(nodeId);
      },
      stopProcess: (nodeId) => stopProcess(pidOf(cluster, nodeId)),
      continueProcess: (nodeId) => continueProcess(pidOf(cluster, nodeId)),
    };
  };
  return assemble(topology, token, true, nemesis, async () => {
    await cluster.stopAll(2000);
    process.off('exit', killOnExit);
    rmSync(dataRoot, { recursive: true, force: true });
  });
}

/** `addresses` maps every node of the default topology to "host:port". */
export function attachHarnessCluster(
  addresses: Readonly<Record<string, string>>,
  token: string | null,
): HarnessCluster {
  const topology = withAddresses(defaultTopology(), addresses);
  const nemesis = (controls: ReadonlyMap<string, ControlClient>): NemesisCluster => ({
    ...directFaults(controls, new AgentFaultGates(controls)),
    kill: (nodeId) => controls.get(nodeId)!.crash(),
    restart: (nodeId) =>
      Promise.reject(new Error(`cannot restart ${nodeId}: attached agents are not ours to start`)),
    stopProcess: (nodeId) =>
      Promise.reject(new Error(`cannot SIGSTOP ${nodeId}: attached agents are not our processes`)),
    continueProcess: (nodeId) =>
      Promise.reject(new Error(`cannot SIGCONT ${nodeId}: attached agents are not our processes`)),
  });
  return assemble(topology, token, false, nemesis, async () => undefined);
}

function pidOf(cluster: LocalCluster, nodeId: string): number {
  const agent = cluster.agent(nodeId);
  if (!agent.running || agent.pid === undefined)
    throw new Error(`${nodeId} has no running process to signal`);
  return agent.pid;
}

/** The nemesis's fault changes and status reads, straight to the agents. */
function directFaults(controls: ReadonlyMap<string, ControlClient>, gates: AgentFaultGates) {
  return {
    nodeIds: [...controls.keys()],
    applyFault: (change: FaultChangeInput) => gates.apply(change),
    learnerOnly: (nodeId: string) =>
      controls
        .get(nodeId)!
        .status()
        .then(
          (status) => status.learnerOnly,
          () => null,
        ),
  };
}

function assemble(
  topology: Topology,
  token: string | null,
  ownsProcesses: boolean,
  nemesisOf: (controls: ReadonlyMap<string, ControlClient>) => NemesisCluster,
  stop: () => Promise<void>,
): HarnessCluster {
  const nodes = nodeLocations(topology);
  const controls = new Map(
    nodes.map((node) => [node.id, new ControlClient(`${node.host}:${node.port}`, token)]),
  );
  // One Pipeline stream per agent carries every client's requests (unary to an agent serving none).
  const kv = new ClusterKvClient(topology, { attemptTimeoutMs: kvAttemptTimeoutMs, pipelined: true });
  return {
    topology,
    nodes,
    kv,
    controls,
    nemesis: nemesisOf(controls),
    ownsProcesses,
    close: async () => {
      kv.close();
      for (const control of controls.values()) control.close();
      await stop();
    },
  };
}
