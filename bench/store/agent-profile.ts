/**
 * `npx tsx bench/store/agent-profile.ts`: a V8 CPU profile of the three agents under one workload (default the
 * 3.3:1 mix at 64 in flight), to decide what to cut by measurement rather than by guess. The agents
 * run with --cpu-prof, are stopped cleanly so that each writes its profile, and the functions with the
 * most self time over all three are printed with the agents' CPU per operation of the same run.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { choiceFlag, integerFlag, parseFlags, UsageError, agentBundlePath } from '../../node-agent';
import { BenchAgents } from './agent-cluster';
import { chooseBenchKeys } from './bench-keys';
import { sampleWindow } from './cell-runner';
import { preload, runCell, workloads } from './closed-loop';
import { bundleFileMap, summarizeProfiles } from './cpu-profile-summary';
import { formatMs } from './latency';
import { PaxosStoreClient } from './paxos-store-client';

const usage = `Usage: npx tsx bench/store/agent-profile.ts [options]

  --workload write|read|mix   (default mix)
  --in-flight N               requests in flight (default 64; 1-256)
  --seconds N                 measured seconds (default 10; 1-120)
  --keys N                    keys preloaded (default 1000; 100-100000)
  --top N                     functions listed (default 30; 5-200)
  --client unary|pipelined    KvService unary calls or the Pipeline stream (default unary)`;

const valueBytes = 120;
const warmupMs = 1000;

async function main(): Promise<void> {
  const { values } = parseFlags(process.argv.slice(2), {
    workload: { switch: false },
    'in-flight': { switch: false },
    seconds: { switch: false },
    keys: { switch: false },
    top: { switch: false },
    client: { switch: false },
  });
  const workloadName = choiceFlag(values, 'workload', ['write', 'read', 'mix'], 'mix');
  const workload = workloads.find((candidate) => candidate.name === workloadName)!;
  const concurrency = integerFlag(values, 'in-flight', 1, 256) ?? 64;
  const measureMs = (integerFlag(values, 'seconds', 1, 120) ?? 10) * 1000;
  const keyCount = integerFlag(values, 'keys', 100, 100_000) ?? 1000;
  const topCount = integerFlag(values, 'top', 5, 200) ?? 30;
  const clientKind = choiceFlag(values, 'client', ['unary', 'pipelined'], 'unary');

  const root = mkdtempSync(join(tmpdir(), 'paxoscope-agent-profile-'));
  const profileDir = join(root, 'profiles');
  console.log(
    `load average ${loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')}`,
  );
  const agents = await BenchAgents.start(join(root, 'agents'), 3, (line) => console.log(line), {
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`],
  });
  const benchKeys = chooseBenchKeys(agents.topology, keyCount, agents.keyReplicas);
  const client = new PaxosStoreClient(agents.topology, benchKeys, clientKind);
  try {
    const keys = benchKeys.map(({ key }) => key);
    await preload(client, keys, valueBytes, 16);
    const window = sampleWindow(() => ({ agents: agents.pids }), warmupMs, warmupMs + measureMs);
    const result = await runCell(client, workload, { concurrency, warmupMs, measureMs, keys, valueBytes });
    const cpu = window.finish();
    const agentCores = cpu.groupCores.agents ?? 0;
    console.log(
      `${workload.name} at ${concurrency} in flight, ${clientKind} client: ${Math.round(result.opsPerSecond)} ops/s, p50 ` +
        `${formatMs(result.all.p50Ms)} ms; agents ${agentCores.toFixed(2)} cores = ` +
        `${formatMs((agentCores * 1000) / Math.max(1, result.opsPerSecond))} ms CPU per op (profiling on); ` +
        `machine ${cpu.machineCores.toFixed(2)} of ${cpu.machineCoresMax} cores; load average ${loadavg()[0]!.toFixed(2)}`,
    );
  } finally {
    client.close();
    await agents.stop();
  }
  const files = readdirSync(profileDir).map((name) => join(profileDir, name));
  const summary = summarizeProfiles(files, topCount, {
    url: 'agent.mjs',
    fileOf: bundleFileMap(agentBundlePath),
  });
  const busyMs = summary.totalMs - summary.idleMs;
  console.log(
    `\n${files.length} profiles, ${(busyMs / 1000).toFixed(1)} s busy of ${(summary.totalMs / 1000).toFixed(1)} s sampled (whole agent lives, preload included)\n`,
  );
  console.log('| self ms | share | area |\n|--:|--:|---|');
  for (const cost of summary.areas) {
    console.log(`| ${Math.round(cost.selfMs)} | ${(cost.share * 100).toFixed(1)} % | ${cost.where} |`);
  }
  console.log('\n| self ms | share | function |\n|--:|--:|---|');
  for (const cost of summary.top) {
    console.log(`| ${Math.round(cost.selfMs)} | ${(cost.share * 100).toFixed(1)} % | ${cost.where} |`);
  }
  rmSync(root, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    if (error instanceof UsageError) console.error(`bench:agent-profile: ${error.message}\n\n${usage}`);
    else console.error(`bench:agent-profile failed: ${error.stack ?? error.message}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
