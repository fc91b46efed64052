/**
 * `npm run bench:store`: our node agents (fsync on) against a 3-member etcd cluster on this machine,
 * side by side, through the same Node grpc-js client stack. See bench-options.ts for the flags and
 * /work/shared/design/perf-anchors.md for the figures this machine gave before.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { optionsOrExitCode } from '../../node-agent';
import { BenchAgents } from './agent-cluster';
import { parseStoreBenchOptions, storeBenchUsage, type StoreBenchOptions } from './bench-options';
import { chooseBenchKeys } from './bench-keys';
import { runAllCells } from './cell-runner';
import { preload } from './closed-loop';
import { EtcdCluster, ensureEtcdInstalled } from './etcd-cluster';
import { EtcdStoreClient } from './etcd-store-client';
import { measureFsyncFloor } from './fsync-floor';
import { PaxosStoreClient } from './paxos-store-client';
import type { StoreClient } from './store-client';
import { describeSetup, printSummary } from './run-report';
import { detailTable, throughputRow, throughputTable } from './report-table';

const valueBytes = 120;
const preloadConcurrency = 16;

/** What this run started, so that every exit path stops exactly that and nothing else. */
interface Started {
  root: string;
  etcd: EtcdCluster | null;
  agents: BenchAgents | null;
  clients: StoreClient[];
}

async function stopStarted(started: Started): Promise<void> {
  for (const client of started.clients.splice(0)) client.close();
  await Promise.all([started.agents?.stop(), started.etcd?.stop()]);
  rmSync(started.root, { recursive: true, force: true });
}

/** On Ctrl-C or SIGTERM, stop what was started before exiting; agents also exit with this process. */
function stopOnSignals(started: Started): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\nbench:store: ${signal}, stopping the clusters it started`);
      void stopStarted(started).finally(() => process.exit(130));
    });
  }
  process.once('exit', () => {
    started.agents?.cluster.killAllNow();
    for (const member of started.etcd?.members ?? []) member.process.kill('SIGKILL');
  });
}

/** Writes every key into each system in turn, the same way for both; returns each one's seconds. */
async function preloadAll(clients: readonly StoreClient[], keys: readonly string[]): Promise<number[]> {
  const seconds: number[] = [];
  for (const client of clients) {
    const beganMs = performance.now();
    const retried = await preload(client, keys, valueBytes, preloadConcurrency);
    seconds.push((performance.now() - beganMs) / 1000);
    console.log(
      `preloaded ${keys.length} keys into ${client.system} in ${seconds.at(-1)!.toFixed(1)} s, ${preloadConcurrency} in flight (${retried} attempts retried); load average ${loadavg()[0]!.toFixed(2)}`,
    );
  }
  return seconds;
}

async function run(options: StoreBenchOptions): Promise<void> {
  const loadAtStart = loadavg();
  console.log(
    `bench:store on ${cpus().length} cores, Node ${process.version}, load average ${loadAtStart.map((v) => v.toFixed(2)).join(' ')}`,
  );
  const floor = measureFsyncFloor(tmpdir(), options.fsyncSamples);
  const started: Started = {
    root: mkdtempSync(join(tmpdir(), 'paxoscope-bench-store-')),
    etcd: null,
    agents: null,
    clients: [],
  };
  stopOnSignals(started);
  try {
    ensureEtcdInstalled((line) => console.log(line));
    started.etcd = await EtcdCluster.start(join(started.root, 'etcd'));
    started.agents = await BenchAgents.start(join(started.root, 'agents'), options.agents, (line) =>
      console.log(line),
    );
    const { etcd, agents } = started;
    const keys = chooseBenchKeys(agents.topology, options.keyCount, agents.keyReplicas);
    const leader = await etcd.leader();
    const paxos = new PaxosStoreClient(agents.topology, keys);
    const pipelined = new PaxosStoreClient(agents.topology, keys, 'pipelined');
    const etcdClient = new EtcdStoreClient(leader.clientUrl);
    started.clients.push(paxos, pipelined, etcdClient);
    console.log(describeSetup({ options, floor, agents, keys, etcdLeader: leader.name, valueBytes }));
    const keyNames = keys.map(({ key }) => key);
    const [paxosPreloadSeconds, etcdPreloadSeconds] = await preloadAll([pipelined, etcdClient], keyNames);
    console.log(`\n${throughputTable([])}`);
    let countersFailureShown = false;
    const pairs = await runAllCells({
      paxos,
      pipelined,
      etcd: etcdClient,
      agentCounters: () => agents.counters(),
      groups: () => ({ client: [process.pid], agents: agents.pids, etcd: etcd.pids }),
      settings: { warmupMs: options.warmupMs, measureMs: options.measureMs, keys: keyNames, valueBytes },
      onCell: (pair) => console.log(throughputRow(pair)),
      onCountersFailed: (error) => {
        if (!countersFailureShown)
          console.log(`(agents' GetStatus failed, counters column left empty: ${error.message})`);
        countersFailureShown = true;
      },
    });
    const leaderAtEnd = await etcd.leader();
    console.log(`\n${detailTable(pairs)}`);
    const floorAtEnd = measureFsyncFloor(tmpdir(), options.fsyncSamples);
    printSummary({
      pairs,
      floor,
      floorAtEnd,
      loadAtStart,
      preload: {
        paxosSeconds: paxosPreloadSeconds!,
        etcdSeconds: etcdPreloadSeconds!,
        paxosClient: pipelined.system,
      },
      etcdLeaders: [leader.name, leaderAtEnd.name],
    });
  } finally {
    await stopStarted(started);
  }
}

async function main(): Promise<number> {
  const options = optionsOrExitCode('bench:store', storeBenchUsage, () =>
    parseStoreBenchOptions(process.argv.slice(2)),
  );
  if (typeof options === 'number') return options;
  await run(options);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`bench:store failed: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
