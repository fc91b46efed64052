/**
 * `npm run bench:watch`: store throughput on six real agents (fsync on) with no event watcher, against
 * one watcher per agent that never reads (its stream is paused, so HTTP/2 flow control backs up into
 * the agent's bounded watcher queue), and, for reference, one that reads. Phases alternate over several
 * rounds so machine noise hits each alike; the figure is the ratio of median throughputs (goal: the
 * non-reading watcher within 10% of none). A figure to read, never a timed assertion.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultTopology, nodeLocations } from '../../app/model/topology';
import {
  integerFlag,
  parseFlags,
  optionsOrExitCode,
  ControlClient,
  channelOptions,
  ensureAgentBundle,
  LocalCluster,
  withFreePorts,
} from '../../node-agent';
import { credentials, Metadata } from '@grpc/grpc-js';
import { controlTokenMetadataKey } from '../../app/proto/control-metadata';
import { ControlServiceClient } from '../../app/proto/generated/control';
import { chooseBenchKeys } from '../store/bench-keys';
import { sampleWindow } from '../store/cell-runner';
import { preload, runCell, workloads, type CellResult } from '../store/closed-loop';
import type { CpuUse, ProcessGroups } from '../store/cpu-accounting';
import { PaxosStoreClient } from '../store/paxos-store-client';

const usage = `Usage: npm run bench:watch -- [options]

  --seconds N       measured seconds per phase (default 5; 1-600)
  --rounds N        rounds of the three phases (default 3; 1-50)
  --concurrency N   requests in flight (default 16; 1-1024)
  --keys N          keys written (default 500; 10-100000)
  --events-queue N  the agents' per-watcher queue (default: the agent's own); small values make the
                    stalled watcher reach its drop path sooner
  --help            print this text`;

type Phase = 'none' | 'stalled' | 'reading';
/** Requests starting in the first second of a phase are not counted (connections, JIT, watchers attach). */
const warmupMs = 1000;
const phases: readonly Phase[] = ['none', 'stalled', 'reading'];

interface Options {
  measureMs: number;
  rounds: number;
  concurrency: number;
  keyCount: number;
  /** Agent flags, for example ["--events-queue", "256"]. */
  agentArgs: string[];
}

function parseOptions(argv: readonly string[]): Options | 'help' {
  const { values } = parseFlags(argv, {
    seconds: { switch: false },
    rounds: { switch: false },
    concurrency: { switch: false },
    keys: { switch: false },
    'events-queue': { switch: false },
    help: { switch: true },
  });
  if (values.help === true) return 'help';
  const eventsQueue = integerFlag(values, 'events-queue', 16, 1_000_000);
  return {
    measureMs: (integerFlag(values, 'seconds', 1, 600) ?? 5) * 1000,
    rounds: integerFlag(values, 'rounds', 1, 50) ?? 3,
    concurrency: integerFlag(values, 'concurrency', 1, 1024) ?? 16,
    keyCount: integerFlag(values, 'keys', 10, 100_000) ?? 500,
    agentArgs: eventsQueue === undefined ? [] : ['--events-queue', String(eventsQueue)],
  };
}

interface Watcher {
  stop(): void;
}

/**
 * One watcher per agent from its newest event on. A stalled one is paused before it reads anything; a
 * reading one takes the raw messages without decoding them, so that the bench process (which also
 * drives the load) spends nothing on them and the phase shows the agents' own cost.
 */
async function attachWatchers(agents: readonly BenchAgent[], phase: Phase): Promise<Watcher[]> {
  if (phase === 'none') return [];
  return Promise.all(
    agents.map(async ({ control, raw, metadata }) => {
      const fromSeq = (await control.status()).lastEventSeq;
      const stream = raw.watchEvents({ fromSeq }, metadata());
      stream.on('error', () => undefined);
      // A 'data' listener first, then pause: grpc-js reads from HTTP/2 only when its stream is read, and a
      // stream nobody ever listened to buffers every message client-side instead of pushing back.
      stream.on('data', () => undefined);
      if (phase === 'stalled') stream.pause();
      return { stop: () => stream.cancel() };
    }),
  );
}

interface BenchAgent {
  control: ControlClient;
  raw: ControlServiceClient;
  metadata(): Metadata;
}

function benchAgent(address: string, token: string): BenchAgent {
  return {
    control: new ControlClient(address, token),
    raw: new ControlServiceClient(address, credentials.createInsecure(), channelOptions),
    metadata: () => {
      const metadata = new Metadata();
      metadata.set(controlTokenMetadataKey, token);
      return metadata;
    },
  };
}

async function eventsDropped(agents: readonly BenchAgent[]): Promise<number> {
  const statuses = await Promise.all(agents.map((agent) => agent.control.status()));
  return statuses.reduce((sum, status) => sum + status.eventsDropped, 0);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

interface PhaseResults {
  writesPerSecond: number[];
  /** The six agents' CPU per counted write, in ms: what a watcher costs them, even on a loaded machine. */
  agentCpuMsPerWrite: number[];
}

async function runPhases(
  options: Options,
  store: PaxosStoreClient,
  keys: string[],
  agents: readonly BenchAgent[],
  groups: ProcessGroups,
): Promise<Record<Phase, PhaseResults>> {
  const empty = (): PhaseResults => ({ writesPerSecond: [], agentCpuMsPerWrite: [] });
  const results: Record<Phase, PhaseResults> = { none: empty(), stalled: empty(), reading: empty() };
  const write = workloads.find((workload) => workload.name === 'write')!;
  for (let round = 1; round <= options.rounds; round += 1) {
    // Each round starts one phase later, so a drift in the machine's other work hits every phase alike.
    const order = phases.map((_, i) => phases[(i + round - 1) % phases.length]!);
    for (const phase of order) {
      const droppedBefore = await eventsDropped(agents);
      const watchers = await attachWatchers(agents, phase);
      let cell: CellResult;
      let cpu: CpuUse;
      const window = sampleWindow(groups, warmupMs, warmupMs + options.measureMs);
      try {
        cell = await runCell(store, write, {
          concurrency: options.concurrency,
          warmupMs,
          measureMs: options.measureMs,
          keys,
          valueBytes: 100,
        });
      } finally {
        cpu = window.finish();
        for (const watcher of watchers) watcher.stop();
      }
      const dropped = (await eventsDropped(agents)) - droppedBefore;
      const errors = [...cell.errors.values()].reduce((sum, count) => sum + count, 0);
      const cpuMsPerWrite =
        cell.opsPerSecond > 0 ? ((cpu.groupCores.agents ?? 0) * 1000) / cell.opsPerSecond : Number.NaN;
      results[phase].writesPerSecond.push(cell.opsPerSecond);
      results[phase].agentCpuMsPerWrite.push(cpuMsPerWrite);
      console.log(
        `round ${round} ${phase.padEnd(8)} ${cell.opsPerSecond.toFixed(0).padStart(6)} writes/s  ` +
          `p50 ${cell.writes.p50Ms.toFixed(1)} ms  p99 ${cell.writes.p99Ms.toFixed(1)} ms  ` +
          `agents ${cpuMsPerWrite.toFixed(2)} CPU ms/write  events dropped by watchers ${dropped}  ` +
          `errors ${errors}  other work ${cpu.foreignCores.toFixed(2)} cores`,
      );
    }
  }
  return results;
}

function report(results: Record<Phase, PhaseResults>): void {
  const line = (name: string, pick: (phase: PhaseResults) => number[], digits: number) =>
    console.log(
      `median ${name}: ` +
        phases.map((phase) => `${phase} ${median(pick(results[phase])).toFixed(digits)}`).join(', '),
    );
  console.log('');
  line('writes/s', (phase) => phase.writesPerSecond, 0);
  line('agent CPU ms per write', (phase) => phase.agentCpuMsPerWrite, 2);
  const none = median(results.none.writesPerSecond);
  for (const phase of ['stalled', 'reading'] as const) {
    const ratio = none > 0 ? median(results[phase].writesPerSecond) / none : 0;
    const cpuRatio = median(results[phase].agentCpuMsPerWrite) / median(results.none.agentCpuMsPerWrite);
    console.log(
      `${phase} / none: throughput ${ratio.toFixed(3)} (${((ratio - 1) * 100).toFixed(1)}%), ` +
        `agent CPU per write ${cpuRatio.toFixed(3)}`,
    );
  }
  console.log('goal: a watcher that never reads keeps throughput within 10% of none (ratio ≥ 0.90)');
  console.log(
    `machine load now ${loadavg()[0]!.toFixed(2)} on ${cpus().length} cores; ` +
      'other work skews throughput far more than CPU per write',
  );
}

async function main(): Promise<number> {
  const options = optionsOrExitCode('bench:watch', usage, () => parseOptions(process.argv.slice(2)));
  if (typeof options === 'number') return options;
  await ensureAgentBundle();
  const topology = await withFreePorts(defaultTopology());
  const dataRoot = mkdtempSync(join(tmpdir(), 'paxoscope-bench-watch-'));
  const token = randomBytes(18).toString('hex');
  const cluster = new LocalCluster({
    topology,
    dataRoot,
    sync: 'always',
    token,
    extraArgs: options.agentArgs,
    readyTimeoutMs: 30_000,
  });
  process.once('exit', () => cluster.killAllNow());
  const agents = nodeLocations(topology).map((node) => benchAgent(cluster.address(node.id), token));
  const benchKeys = chooseBenchKeys(topology, options.keyCount, null);
  const store = new PaxosStoreClient(topology, benchKeys);
  try {
    await cluster.startAll();
    const keys = benchKeys.map(({ key }) => key);
    await preload(store, keys, 100, options.concurrency);
    console.log(
      `6 agents, ${keys.length} keys, ${options.concurrency} writes in flight, ${options.measureMs / 1000} s per phase, ` +
        `${options.rounds} rounds of ${phases.join(' / ')} (rotating)`,
    );
    const groups = () => ({
      agents: [...cluster.agents.values()].flatMap((agent) => (agent.pid ? [agent.pid] : [])),
    });
    report(await runPhases(options, store, keys, agents, groups));
    return 0;
  } finally {
    store.close();
    for (const agent of agents) {
      agent.control.close();
      agent.raw.close();
    }
    await cluster.stopAll();
    rmSync(dataRoot, { recursive: true, force: true });
  }
}

process.exitCode = await main();
