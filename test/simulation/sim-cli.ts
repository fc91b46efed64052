/**
 * The sweep from the command line:
 *   npm run sim -- --seeds 100000 [--from N]   run many seeds, print failures and a summary
 *   npm run sim -- --replay SEED [--calls]     print one seed's trace (and its client calls)
 *   npm run sim -- --export SEED               print one seed's run as { seed, options, inputs } JSON
 *   npm run sim -- --file PATH                 check an exported run (JSON file) and print its trace
 *   --protocol NAME (paxoskv, quorumkv) runs the same seeds on another protocol
 *   npm run sim -- --structures [--seeds N] [--from N]   the seeds with queue and set operations mixed in
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { protocolNames, type ProtocolName } from '../../app/protocol/protocol';
import { compareRow, formatComparison } from '../../app/simulator/protocol-comparison';
import { randomRun } from '../../app/simulator/random-run';
import { createTraceRecorder } from '../../app/simulator/trace';
import { runStructureSeed } from './structure-seed';
import { checkRun, protocolOf, replayCommand, runSeed, type ProgressDemand, type SeedReport } from './sweep';

interface CliOptions {
  seeds: number;
  from: number;
  replay: number | null;
  exportSeed: number | null;
  file: string | null;
  calls: boolean;
  protocol: ProtocolName;
  compare: ProtocolName[] | null;
  structures: boolean;
}

function numberFlag(args: string[], name: string): number | null {
  const at = args.indexOf(name);
  if (at < 0) return null;
  const value = Number(args[at + 1]);
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new Error(`${name}: must be a whole number from 0 to 4294967295, got "${args[at + 1] ?? ''}"`);
  }
  return value;
}

const usage = `usage: npm run sim -- [--seeds N] [--from N]   sweep seeds from..from+N-1 (default 1000 from 1)
       npm run sim -- --replay SEED [--calls]   print one seed's trace (and its client calls)
       npm run sim -- --export SEED             print one seed's run as { seed, options, inputs } JSON
       npm run sim -- --file PATH [--calls]     check an exported run (JSON; with "progress", final reads too)
       add --protocol NAME (${protocolNames.join(', ')}; default paxoskv) to run the seeds on that protocol
       npm run sim -- --compare paxoskv,quorumkv,multipaxos [--seeds N] [--from N]   the same seeds on each, side by side
       npm run sim -- --structures [--seeds N] [--from N]   PaxosKV seeds with queue and set operations mixed in,
                                                checked also by the queue and set checks (docs/data-structures.md)
exit codes: 0 every seed safe, 1 a seed failed (its replay command is printed), 2 bad flags`;

const valueFlags = new Set([
  '--seeds',
  '--from',
  '--replay',
  '--export',
  '--file',
  '--protocol',
  '--compare',
]);
const switchFlags = new Set(['--calls', '--structures']);

/** Refuses anything but the known flags, so a typo never silently runs the default sweep. */
function checkFlags(args: string[]): void {
  for (let at = 0; at < args.length; at += 1) {
    const arg = args[at]!;
    if (valueFlags.has(arg)) at += 1;
    else if (!switchFlags.has(arg)) throw new Error(`${arg}: not a flag of npm run sim`);
  }
}

function parseArgs(args: string[]): CliOptions {
  checkFlags(args);
  return {
    seeds: numberFlag(args, '--seeds') ?? 1000,
    from: numberFlag(args, '--from') ?? 1,
    replay: numberFlag(args, '--replay'),
    exportSeed: numberFlag(args, '--export'),
    file: textFlag(args, '--file'),
    calls: args.includes('--calls'),
    protocol: protocolFlag(args),
    compare: compareFlag(args),
    structures: args.includes('--structures'),
  };
}

function textFlag(args: string[], name: string): string | null {
  const at = args.indexOf(name);
  if (at < 0) return null;
  const value = args[at + 1];
  if (value === undefined || value === '') throw new Error(`${name}: needs a value`);
  return value;
}

function protocolFlag(args: string[]): ProtocolName {
  const named = textFlag(args, '--protocol') ?? 'paxoskv';
  const protocol = protocolNames.find((name) => name === named);
  if (!protocol) throw new Error(`--protocol: must be one of ${protocolNames.join(', ')}, got "${named}"`);
  return protocol;
}

function compareFlag(args: string[]): ProtocolName[] | null {
  const listed = textFlag(args, '--compare');
  if (listed === null) return null;
  return listed.split(',').map((named) => {
    const protocol = protocolNames.find((name) => name === named);
    if (!protocol) throw new Error(`--compare: ${named} is not one of ${protocolNames.join(', ')}`);
    return protocol;
  });
}

/** The same seeds on each protocol, one row each. */
function compare(protocols: ProtocolName[], from: number, seeds: number): void {
  const rows = protocols.map((protocol) => {
    const runs = [];
    for (let seed = from; seed < from + seeds; seed += 1) {
      const report = runSeed(seed, [], protocol);
      runs.push({
        calls: report.clientCalls,
        chaosEndMs: randomRun(seed).chaosEndMs,
        clean: report.failures.length === 0,
        anomalyKinds: report.anomalies.map((anomaly) => anomaly.kind),
      });
    }
    return compareRow(protocol, runs);
  });
  console.log(
    `${seeds} seeds from ${from}, the same workload, retries and faults on each protocol (simulated ms):`,
  );
  console.log(formatComparison(rows));
}

function replay(seed: number, withCalls: boolean, protocol: ProtocolName): void {
  const trace = createTraceRecorder((line) => console.log(line), protocol);
  printReport(`seed ${seed}`, runSeed(seed, [trace], protocol), withCalls);
}

function replayFile(path: string, withCalls: boolean): void {
  const { progress = null, ...exported } = JSON.parse(readFileSync(path, 'utf8')) as {
    progress?: ProgressDemand;
  };
  const report = checkRun(exported, progress, [
    createTraceRecorder((line) => console.log(line), protocolOf(exported)),
  ]);
  printReport(path, report, withCalls);
}

function printReport(name: string, report: Omit<SeedReport, 'seed'>, withCalls: boolean): void {
  if (withCalls) console.log(`calls: ${report.calls}, ok: ${report.callsOk}`);
  if (report.keysWithTwoLostDisks > 0) {
    console.log(`${report.keysWithTwoLostDisks} keys lost two disks and stay learner-only by design`);
  }
  console.log(
    report.failures.length === 0 ? `${name}: ok` : `${name} FAILED:\n  ${report.failures.join('\n  ')}`,
  );
  process.exitCode = report.failures.length === 0 ? 0 : 1;
}

function sweep(from: number, seeds: number, protocol: ProtocolName): void {
  const startMs = performance.now();
  let failed = 0;
  let undecided = 0;
  let twoLostDisks = 0;
  const anomalies = new Map<string, number>();
  for (let seed = from; seed < from + seeds; seed += 1) {
    const report = runSeed(seed, [], protocol);
    for (const anomaly of report.anomalies)
      anomalies.set(anomaly.kind, (anomalies.get(anomaly.kind) ?? 0) + 1);
    undecided += report.keysUndecided;
    twoLostDisks += report.keysWithTwoLostDisks;
    if (report.failures.length > 0) {
      failed += 1;
      console.log(
        `seed ${seed} FAILED (replay: ${replayCommand(seed, protocol)}):\n  ${report.failures.join('\n  ')}`,
      );
    }
    if ((seed - from + 1) % 1000 === 0) console.log(`… ${seed - from + 1} seeds, ${failed} failed`);
  }
  const seconds = (performance.now() - startMs) / 1000;
  console.log(
    `${protocol}: ${seeds} seeds from ${from}: ${failed} failed, ${undecided} keys undecided by the checker, ${twoLostDisks} keys held learner-only by two lost disks (by design), ${seconds.toFixed(1)} s (${((seconds * 1000) / seeds).toFixed(1)} ms/seed)`,
  );
  if (anomalies.size > 0) {
    const named = [...anomalies].sort((a, b) => b[1] - a[1]).map(([kind, count]) => `${kind} ${count}`);
    console.log(`anomalies (keys): ${named.join(', ')}`);
  }
  process.exitCode = failed === 0 ? 0 : 1;
}

/** Seeds with structure clients (test/simulation/structure-seed.ts); each failure names its seed. */
function structureSweep(from: number, seeds: number): void {
  const startMs = performance.now();
  let failed = 0;
  let operations = 0;
  let unchecked = 0;
  for (let seed = from; seed < from + seeds; seed += 1) {
    const report = runStructureSeed(seed);
    operations += report.structureOps;
    if (report.queueUnchecked) unchecked += 1;
    if (report.failures.length > 0) {
      failed += 1;
      console.log(
        `seed ${seed} FAILED (npm run sim -- --structures --seeds 1 --from ${seed}):\n  ${report.failures.join('\n  ')}`,
      );
    }
  }
  const seconds = (performance.now() - startMs) / 1000;
  console.log(
    `structures: ${seeds} seeds from ${from}: ${failed} failed, ${operations} queue and set operations, ${unchecked} queues unreadable after two lost disks (by design), ${seconds.toFixed(1)} s`,
  );
  process.exitCode = failed === 0 ? 0 : 1;
}

const args = process.argv.slice(2);
if (args.includes('--help')) {
  console.log(usage);
  process.exit(0);
}
let options: CliOptions;
try {
  options = parseArgs(args);
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
if (options.structures) structureSweep(options.from, options.seeds);
else if (options.compare !== null) compare(options.compare, options.from, options.seeds);
else if (options.replay !== null) replay(options.replay, options.calls, options.protocol);
else if (options.file !== null) replayFile(options.file, options.calls);
else if (options.exportSeed !== null) {
  const { seed, options: simOptions, inputs } = randomRun(options.exportSeed, options.protocol);
  console.log(JSON.stringify({ seed, options: simOptions, inputs }, null, 1));
} else sweep(options.from, options.seeds, options.protocol);
