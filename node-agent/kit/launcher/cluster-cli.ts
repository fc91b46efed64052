/**
 * `npm run cluster [-- --topology F --data-dir D --base-port P --sync always|never --protocol NAME]`:
 * starts every agent of the topology, waits for each Health answer, prints where they listen, and on
 * Ctrl-C or SIGTERM stops them all before exiting.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { controlTokenEnv } from '../../../app/proto/control-metadata';
import { protocolNames } from '../../../app/protocol/protocol';
import { choiceFlag, integerFlag, optionsOrExitCode, parseFlags, stringFlag } from '../cli/flags';
import { loadTopology } from '../cli/topology-flag';
import { describeExit } from './agent-process';
import { ensureAgentBundle, repoRoot } from './agent-bundle';
import { LocalCluster } from './local-cluster';

const usage = `Usage: npm run cluster -- [options]

Starts every node agent of a topology on this machine and stops them all on Ctrl-C.

  --topology FILE      topology YAML/JSON (default: the embedded 3 DC x 2 node topology)
  --base-port P        first port of the embedded topology (default 7401; not with --topology)
  --data-dir DIR       root of the agents' data directories (default .tmp/cluster)
  --protocol NAME      the protocol every agent runs: ${protocolNames.join(' | ')}; written into the
                       topology the agents get (default: the topology's protocol, else paxoskv).
                       A data directory holds one protocol's records: use another --data-dir to switch
  --sync always|never  passed to every agent (default always)
  --verbose            print every agent's log lines
  --help               print this text`;

const flagSpec = {
  topology: { switch: false },
  'base-port': { switch: false },
  'data-dir': { switch: false },
  protocol: { switch: false },
  sync: { switch: false },
  verbose: { switch: true },
  help: { switch: true },
} as const;

function parseClusterFlags(argv: readonly string[]) {
  const { values } = parseFlags(argv, flagSpec);
  if (values.help === true) return 'help' as const;
  const topologyFile = stringFlag(values, 'topology');
  const basePort = integerFlag(values, 'base-port', 1, 65530);
  const topology = loadTopology(topologyFile, basePort);
  const protocol = choiceFlag(values, 'protocol', protocolNames, topology.protocol);
  return {
    topology: { ...topology, protocol },
    /** What `npm run kv` needs to find this cluster. */
    kvFlags: topologyFile ? ` --topology ${topologyFile}` : basePort ? ` --base-port ${basePort}` : '',
    dataRoot: stringFlag(values, 'data-dir') ?? join(repoRoot, '.tmp/cluster'),
    sync: choiceFlag(values, 'sync', ['always', 'never'], 'always'),
    verbose: values.verbose === true,
  };
}

async function main(): Promise<number> {
  const flags = optionsOrExitCode('cluster', usage, () => parseClusterFlags(process.argv.slice(2)));
  if (typeof flags === 'number') return flags;
  if (await ensureAgentBundle()) console.log('rebuilt the agent bundle');
  const token = process.env[controlTokenEnv] || randomBytes(24).toString('hex');
  const cluster = new LocalCluster({
    topology: flags.topology,
    dataRoot: flags.dataRoot,
    sync: flags.sync,
    token,
    onLine: (nodeId, line) => flags.verbose && console.log(`[${nodeId}] ${line}`),
  });
  const stopping = waitForStopSignal();
  process.once('exit', () => cluster.killAllNow());
  const startedMs = performance.now();
  try {
    await cluster.startAll();
  } catch (error) {
    console.error(`cluster: ${(error as Error).message}`);
    await cluster.stopAll();
    return 1;
  }
  printCluster(cluster, performance.now() - startedMs, flags);
  const tokenFile = writeTokenFile(flags.dataRoot, token);
  console.log(`Watch and break it: npm run ctl -- watch${flags.kvFlags} --token-file ${tokenFile}`);
  let stopRequested = false;
  for (const agent of cluster.agents.values()) {
    void agent.exited.then((exit) => {
      if (!stopRequested) console.log(`agent ${agent.nodeId} exited (${describeExit(exit)})`);
    });
  }
  const signal = await stopping;
  stopRequested = true;
  console.log(`${signal}: stopping ${cluster.agents.size} agents`);
  await cluster.stopAll();
  console.log('all agents stopped');
  return 0;
}

function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

function printCluster(
  cluster: LocalCluster,
  totalMs: number,
  flags: { dataRoot: string; kvFlags: string; topology: { protocol: string } },
): void {
  const { dataRoot, kvFlags } = flags;
  console.log(
    `${cluster.nodes.length} agents running ${flags.topology.protocol} ready in ${Math.round(totalMs)} ms (data in ${dataRoot})`,
  );
  for (const node of cluster.nodes) {
    const readyMs = Math.round(cluster.readyMs.get(node.id) ?? 0);
    const pid = cluster.agent(node.id).pid;
    console.log(
      `  ${node.id.padEnd(6)} ${`${node.host}:${node.port}`.padEnd(21)} ${node.datacenterId}/${node.miniClusterId}  pid ${pid}  ready in ${readyMs} ms`,
    );
  }
  console.log(`Try: npm run kv -- put hello world${kvFlags}   (Ctrl-C stops the cluster)`);
}

/** The control token goes in a file only this user can read, for `npm run ctl -- --token-file`. */
function writeTokenFile(dataRoot: string, token: string): string {
  mkdirSync(dataRoot, { recursive: true });
  const file = join(dataRoot, 'token');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return file;
}

process.exitCode = await main();
