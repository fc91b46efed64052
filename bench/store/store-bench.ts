/**
 * `npm run bench:store`: our node agents (fsync on) against a 3-member etcd cluster on this machine,
 * side by side, through the same Node grpc-js client stack; `--protocol a,b` runs each protocol's
 * agents in turn beside the one etcd cluster. See bench-options.ts for the flags and
 * /work/shared/design/perf-anchors.md for the figures this machine gave before.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultTopology } from '../../app/model/topology';
import type { ProtocolName } from '../../app/protocol/protocol';
import { optionsOrExitCode } from '../../node-agent';
import { BenchAgents, benchKeyReplicas } from './agent-cluster';
import type { CellPair } from './bench-results';
import { parseStoreBenchOptions, storeBenchUsage, type StoreBenchOptions } from './bench-options';
import { chooseBenchKeys } from './bench-keys';
import { runAllCells } from './cell-runner';
import { preload } from './closed-loop';
import { EtcdCluster, ensureEtcdInstalled } from './etcd-cluster';
import { EtcdStoreClient } from './etcd-store-client';
import { measureFsyncFloor, type FsyncFloor } from './fsync-floor';
import { PaxosStoreClient } from './paxos-store-client';
import type { StoreClient } from './store-client';
import { describeSetup, printSummary } from './run-report';
import { formatTargetCheck, preloadCheck } from './report-targets';
import { detailTable, throughputRow, throughputTable } from './report-table';
import { protocolComparisonTable, type ProtocolRun } from './protocol-table';
import { EtcdQueueSystem, PaxosQueueSystem, queueRow, queueTableHeader, runQueueRows } from './queue-rows';

const valueBytes = 120;
/** Both systems preload at this many writes in flight (ours on the pipelined client). */
const preloadConcurrency = 64;

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

/** Writes every key into one system; returns the seconds it took. */
async function preloadInto(client: StoreClient, keys: readonly string[]): Promise<number> {
  const beganMs = performance.now();
  const retried = await preload(client, keys, valueBytes, preloadConcurrency);
  const seconds = (performance.now() - beganMs) / 1000;
  console.log(
    `preloaded ${keys.length} keys into ${client.system} in ${seconds.toFixed(1)} s, ${preloadConcurrency} in flight (${retried} attempts retried); load average ${loadavg()[0]!.toFixed(2)}`,
  );
  return seconds;
}

interface EtcdSide {
  etcd: EtcdCluster;
  client: EtcdStoreClient;
  leaderName: string;
  preloadSeconds: number;
}

/** One protocol's agents, fresh, beside the etcd already preloaded: setup, preload, every cell, the report. */
async function runProtocol(
  protocol: ProtocolName,
  options: StoreBenchOptions,
  started: Started,
  side: EtcdSide,
  floor: FsyncFloor,
): Promise<CellPair[]> {
  if (options.rows.queue) await runQueueSide(protocol, options, started, side);
  if (!options.rows.kv) return [];
  const loadAtStart = loadavg();
  console.log(
    `\n## ${protocol} beside etcd (load average ${loadAtStart.map((v) => v.toFixed(2)).join(' ')})\n`,
  );
  started.agents = await BenchAgents.start(
    join(started.root, `agents-${protocol}`),
    options.agents,
    (line) => console.log(line),
    { protocol },
  );
  const { agents } = started;
  const keys = chooseBenchKeys(agents.topology, options.keyCount, agents.keyReplicas);
  const paxos = new PaxosStoreClient(agents.topology, keys, 'unary', protocol);
  const pipelined = new PaxosStoreClient(agents.topology, keys, 'pipelined', protocol);
  started.clients.push(paxos, pipelined);
  console.log(describeSetup({ options, floor, agents, keys, etcdLeader: side.leaderName, valueBytes }));
  const preloadSeconds = await preloadInto(
    pipelined,
    keys.map(({ key }) => key),
  );
  const preloadTimes = {
    paxosSeconds: preloadSeconds,
    etcdSeconds: side.preloadSeconds,
    paxosClient: pipelined.system,
  };
  console.log(formatTargetCheck(preloadCheck(preloadTimes)));
  console.log(`\n${throughputTable([], protocol)}`);
  let countersFailureShown = false;
  const pairs = await runAllCells({
    paxos,
    pipelined,
    etcd: side.client,
    // The counters are PaxosKV's (fast path, rounds): another protocol has none of them to show.
    ...(protocol === 'paxoskv' ? { agentCounters: () => agents.counters() } : {}),
    groups: () => ({ client: [process.pid], agents: agents.pids, etcd: side.etcd.pids }),
    agentGroups: () => agents.pidsByNode,
    settings: {
      warmupMs: options.warmupMs,
      measureMs: options.measureMs,
      keys: keys.map(({ key }) => key),
      valueBytes,
    },
    onCell: (pair) => console.log(throughputRow(pair)),
    onCountersFailed: (error) => {
      if (!countersFailureShown)
        console.log(`(agents' GetStatus failed, counters column left empty: ${error.message})`);
      countersFailureShown = true;
    },
  });
  const leaderAtEnd = await side.etcd.leader();
  console.log(`\n${detailTable(pairs, protocol)}`);
  printSummary({
    pairs,
    floor,
    floorAtEnd: measureFsyncFloor(tmpdir(), options.fsyncSamples),
    loadAtStart,
    // Issue 16's targets are PaxosKV's; another protocol's figures are compared, not judged.
    targets: protocol === 'paxoskv',
    preload: preloadTimes,
    etcdLeaders: [side.leaderName, leaderAtEnd.name],
  });
  for (const client of started.clients.splice(0)) client.close();
  await agents.stop();
  started.agents = null;
  return pairs;
}

/**
 * The queue rows on fresh agents of the whole group (a queue's segment keys land anywhere, not on the
 * three agents that hold the key-value cells' keys), beside etcd's compare-and-set loop.
 */
async function runQueueSide(
  protocol: ProtocolName,
  options: StoreBenchOptions,
  started: Started,
  side: EtcdSide,
): Promise<void> {
  console.log(
    `\n## queue rows, ${protocol} (6 agents) beside etcd (load average ${loadavg()[0]!.toFixed(2)})\n`,
  );
  started.agents = await BenchAgents.start(
    join(started.root, `queue-agents-${protocol}`),
    6,
    (line) => console.log(line),
    { protocol },
  );
  const name = `bench-queue-${protocol}`;
  const systems = [
    new PaxosQueueSystem(started.agents.topology, name, protocol),
    new EtcdQueueSystem((await side.etcd.leader()).clientUrl, name),
  ];
  console.log(queueTableHeader);
  try {
    const settings = { warmupMs: options.warmupMs, measureMs: options.measureMs, elementBytes: valueBytes };
    await runQueueRows(systems, settings, (cell) => console.log(queueRow(cell)));
  } finally {
    for (const system of systems) system.close();
    await started.agents.stop();
    started.agents = null;
  }
  console.log(
    `(load average ${loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')} after the queue rows)`,
  );
}

async function run(options: StoreBenchOptions): Promise<void> {
  const loadAtStart = loadavg();
  console.log(
    `bench:store on ${cpus().length} cores, Node ${process.version}, protocols ${options.protocols.join(', ')}, load average ${loadAtStart.map((v) => v.toFixed(2)).join(' ')}`,
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
    const { etcd } = started;
    const leader = await etcd.leader();
    const etcdClient = new EtcdStoreClient(leader.clientUrl);
    // The keys depend only on the topology's shape, the same for every protocol.
    const keys = chooseBenchKeys(defaultTopology(), options.keyCount, benchKeyReplicas(options.agents));
    const side: EtcdSide = {
      etcd,
      client: etcdClient,
      leaderName: leader.name,
      preloadSeconds: await preloadInto(
        etcdClient,
        keys.map(({ key }) => key),
      ),
    };
    const runs: ProtocolRun[] = [];
    for (const protocol of options.protocols) {
      try {
        runs.push({ protocol, pairs: await runProtocol(protocol, options, started, side, floor) });
      } catch (error) {
        // A protocol that cannot run here (no wire for real agents, a failed preload) gets a line
        // saying why, and the others still run.
        const reason = ((error as Error).message ?? String(error)).split('\n')[0]!;
        console.log(`${protocol}: did not run: ${reason}`);
        runs.push({ protocol, error: `did not run: ${reason}` });
        for (const client of started.clients.splice(0)) client.close();
        await started.agents?.stop();
        started.agents = null;
      }
    }
    etcdClient.close();
    if (options.protocols.length > 1) {
      console.log(
        `\n## protocols side by side (ops/s (× etcd in the same cell) · p50 ms · agents' CPU ms per op · busiest agent's share of the agents' CPU)\n`,
      );
      console.log(protocolComparisonTable(runs));
    }
    console.log(
      `\nload average ${loadAtStart.map((v) => v.toFixed(2)).join(' ')} at the start, ${loadavg()
        .map((v) => v.toFixed(2))
        .join(' ')} at the end`,
    );
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
