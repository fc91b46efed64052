/**
 * `npx tsx bench/store/agent-profile.ts`: a V8 CPU profile of the three agents under one workload (default the
 * 3.3:1 mix at 64 in flight), to decide what to cut by measurement rather than by guess. The agents
 * run with --cpu-prof, are stopped cleanly so that each writes its profile, and the functions with the
 * most self time over all three are printed with the agents' CPU per operation of the same run. Only
 * the measured window's samples count (the profiles' clock is CLOCK_MONOTONIC, as process.hrtime), so
 * start-up and the preload do not blur the workload's costs.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  choiceFlag,
  integerFlag,
  parseFlags,
  stringFlag,
  UsageError,
  agentBundlePath,
} from '../../node-agent';
import { BenchAgents } from './agent-cluster';
import { chooseBenchKeys } from './bench-keys';
import { sampleWindow } from './cell-runner';
import { preload, runCell, workloads } from './closed-loop';
import {
  bundleFileMap,
  summarizeProfiles,
  type FunctionCost,
  type SampleWindow,
} from './cpu-profile-summary';
import { formatMs } from './latency';
import { PaxosStoreClient } from './paxos-store-client';
import {
  perfAvailable,
  perfNodeArgs,
  perfReport,
  perfStackSummary,
  startPerfRecord,
  type PerfCost,
  type PerfRecording,
} from './perf-record';

const usage = `Usage: npx tsx bench/store/agent-profile.ts [options]

  --workload write|read|mix   (default mix)
  --in-flight N               requests in flight (default 64; 1-256)
  --seconds N                 measured seconds (default 10; 1-120)
  --warmup-seconds N          the workload's run before the measured window (default 1; 1-120): V8
                              still tiers up hot functions for tens of seconds at a few hundred ops/s
  --keys N                    keys preloaded (default 1000; 100-100000)
  --top N                     functions listed (default 30; 5-200)
  --client unary|pipelined    KvService unary calls or the Pipeline stream (default unary)
  --profiler v8|perf          V8's --cpu-prof (wall-clock deltas) or Linux perf (CPU-clock samples,
                              user and kernel, as the CPU-per-op figure counts them; default v8)
  --perf-data FILE            keep perf's samples there for \`perf report -i FILE\` (default: a temp file)`;

const valueBytes = 120;

async function main(): Promise<void> {
  const { values } = parseFlags(process.argv.slice(2), {
    workload: { switch: false },
    'in-flight': { switch: false },
    seconds: { switch: false },
    'warmup-seconds': { switch: false },
    keys: { switch: false },
    top: { switch: false },
    client: { switch: false },
    profiler: { switch: false },
    'perf-data': { switch: false },
  });
  const workloadName = choiceFlag(values, 'workload', ['write', 'read', 'mix'], 'mix');
  const workload = workloads.find((candidate) => candidate.name === workloadName)!;
  const concurrency = integerFlag(values, 'in-flight', 1, 256) ?? 64;
  const measureMs = (integerFlag(values, 'seconds', 1, 120) ?? 10) * 1000;
  const warmupMs = (integerFlag(values, 'warmup-seconds', 1, 120) ?? 1) * 1000;
  const keyCount = integerFlag(values, 'keys', 100, 100_000) ?? 1000;
  const topCount = integerFlag(values, 'top', 5, 200) ?? 30;
  const clientKind = choiceFlag(values, 'client', ['unary', 'pipelined'], 'unary');
  const profiler = choiceFlag(values, 'profiler', ['v8', 'perf'], 'v8');
  if (profiler === 'perf' && !perfAvailable())
    throw new UsageError('--profiler', 'perf does not run here (`perf stat` failed)');

  const root = mkdtempSync(join(tmpdir(), 'paxoscope-agent-profile-'));
  const profileDir = join(root, 'profiles');
  console.log(
    `load average ${loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')}`,
  );
  let sampled: SampleWindow | null = null;
  const perfData = stringFlag(values, 'perf-data');
  const perfPath = perfData === undefined ? join(root, 'perf.data') : resolve(perfData);
  let recording: PerfRecording | null = null;
  const agents = await BenchAgents.start(join(root, 'agents'), 3, (line) => console.log(line), {
    nodeArgs: profiler === 'perf' ? perfNodeArgs : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`],
  });
  const benchKeys = chooseBenchKeys(agents.topology, keyCount, agents.keyReplicas);
  const client = new PaxosStoreClient(agents.topology, benchKeys, clientKind);
  try {
    const keys = benchKeys.map(({ key }) => key);
    await preload(client, keys, valueBytes, 16);
    const window = sampleWindow(() => ({ agents: agents.pids }), warmupMs, warmupMs + measureMs);
    const cellStartUs = nowUs();
    const perfTimer =
      profiler === 'perf'
        ? setTimeout(() => (recording = startPerfRecord(agents.pids, perfPath)), warmupMs)
        : null;
    const result = await runCell(client, workload, { concurrency, warmupMs, measureMs, keys, valueBytes });
    if (perfTimer) clearTimeout(perfTimer);
    await (recording as PerfRecording | null)?.stop();
    const cpu = window.finish();
    sampled = { fromUs: cellStartUs + warmupMs * 1000, toUs: nowUs() };
    const agentCores = cpu.groupCores.agents ?? 0;
    console.log(
      `${workload.name} at ${concurrency} in flight, ${clientKind} client: ${Math.round(result.opsPerSecond)} ops/s, p50 ` +
        `${formatMs(result.all.p50Ms)} ms; agents ${agentCores.toFixed(2)} cores = ` +
        `${formatMs((agentCores * 1000) / Math.max(1, result.opsPerSecond))} ms CPU per op (${profiler} profiling on); ` +
        `machine ${cpu.machineCores.toFixed(2)} of ${cpu.machineCoresMax} cores; load average ${loadavg()[0]!.toFixed(2)}`,
    );
  } finally {
    client.close();
    await agents.stop();
  }
  if (profiler === 'perf') {
    printPerf(perfPath, topCount);
    rmSync(root, { recursive: true, force: true });
    return;
  }
  const files = readdirSync(profileDir).map((name) => join(profileDir, name));
  const summary = summarizeProfiles(
    files,
    topCount,
    { url: 'agent.mjs', fileOf: bundleFileMap(agentBundlePath) },
    sampled,
  );
  const busyMs = summary.totalMs - summary.idleMs;
  console.log(
    `\n${files.length} profiles, ${(busyMs / 1000).toFixed(1)} s busy of ${(summary.totalMs / 1000).toFixed(1)} s sampled (the measured window)`,
  );
  printCosts('self ms', 'area', summary.areas);
  printCosts('ms charged', 'area of the nearest project or package frame', summary.owners);
  printCosts('ms on stack', 'area (inclusive)', summary.inclusiveAreas);
  printCosts('self ms', 'function', summary.top);
  printCosts('ms on stack', 'function (inclusive)', summary.inclusiveTop);
  rmSync(root, { recursive: true, force: true });
}

function nowUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

function printPerf(path: string, topCount: number): void {
  console.log('\nperf: CPU-clock samples of the three agents over the measured window, user and kernel');
  const table = (title: string, rows: PerfCost[]) => {
    console.log(`\n| share | ${title} |\n|--:|---|`);
    for (const row of rows) console.log(`| ${(row.share * 100).toFixed(1)} % | ${row.where} |`);
  };
  const stacks = perfStackSummary(path, bundleFileMap(agentBundlePath), topCount);
  console.log(`${stacks.samples} samples`);
  table('where (thread, and what the main thread was serving)', stacks.entries);
  table('where (self, by object: JIT code, node, libc, kernel, LevelDB)', perfReport(path, 'dso', 15));
  table('area with a JS frame on the stack (inclusive)', stacks.areas);
  table('charged to the nearest JS frame of the project (file) or a package', stacks.owners);
  table('function (self)', perfReport(path, 'sym', topCount));
}

function printCosts(measure: string, what: string, costs: readonly FunctionCost[]): void {
  console.log(`\n| ${measure} | share | ${what} |\n|--:|--:|---|`);
  for (const cost of costs) {
    console.log(`| ${Math.round(cost.selfMs)} | ${(cost.share * 100).toFixed(1)} % | ${cost.where} |`);
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    if (error instanceof UsageError) console.error(`bench:agent-profile: ${error.message}\n\n${usage}`);
    else console.error(`bench:agent-profile failed: ${error.stack ?? error.message}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
