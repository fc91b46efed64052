/**
 * Measures one bench case in one mode, in a process of its own so that its peak memory is its own:
 * `tsx bench/checker/measure-case.ts NAME fast|plain`. Prints one JSON line (a Measurement).
 * Warm-up checks first (a history with versions and one without, so that pre-checks, the order by
 * versions and the search are all compiled), so the JIT is not what is measured; then the median of
 * at least three checks and of as many as fit in half a second (up to 50: a check of a few
 * milliseconds is mostly noise alone), or of one when it takes over two seconds (a case at a limit).
 */
import type { CheckResult } from '../../app/checker/check-result';
import { formatHistory, parseHistory } from '../../app/checker/history';
import { checkHistory } from '../../app/checker/linearizability';
import { referenceRun } from '../../app/checker/reference-run';
import type { SearchMode } from '../../app/checker/key-search';
import { benchCases } from './bench-cases';

export interface Measurement {
  operations: number;
  verdict: CheckResult['verdict'];
  /** Keys not decided, and what stopped them. */
  unknownKeys: number;
  unknownCauses: string[];
  wallMs: number;
  cpuMs: number;
  parseMs: number;
  states: number;
  /** The most any key's memo held. */
  memoBytes: number;
  /** The process's peak resident memory. */
  maxRssBytes: number;
}

const repeatsMin = 3;
const repeatsMax = 50;
const measuredMsMin = 500;
const longCheckMs = 2000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function measure(name: string, mode: SearchMode): Measurement {
  const benchCase = benchCases.find((candidate) => candidate.name === name);
  if (benchCase === undefined) throw new Error(`measure-case: no case named ${JSON.stringify(name)}`);
  const history = benchCase.build();
  const now = () => performance.now();
  const options = {
    search: mode,
    ...(benchCase.budgetMs === null ? {} : { now, budgetMs: benchCase.budgetMs }),
  };
  for (const reportVersions of [true, false]) {
    const warmUp = referenceRun({ seed: 0, operations: 20_000, clients: 20, keys: 10, reportVersions });
    checkHistory(warmUp, { search: mode });
  }
  const parseStart = now();
  parseHistory(formatHistory(history));
  const parseMs = now() - parseStart;
  const runs: { wallMs: number; cpuMs: number; result: CheckResult }[] = [];
  let measuredMs = 0;
  while (runs.length < repeatsMin || (measuredMs < measuredMsMin && runs.length < repeatsMax)) {
    const cpuBefore = process.cpuUsage();
    const wallBefore = now();
    const result = checkHistory(history, options);
    const wallMs = now() - wallBefore;
    const cpu = process.cpuUsage(cpuBefore);
    runs.push({ wallMs, cpuMs: (cpu.user + cpu.system) / 1000, result });
    measuredMs += wallMs;
    if (wallMs > longCheckMs) break;
  }
  const { result } = runs[0] as (typeof runs)[number];
  const unknown = result.keys.filter((key) => key.verdict === 'unknown');
  return {
    operations: history.length,
    verdict: result.verdict,
    unknownKeys: unknown.length,
    unknownCauses: [...new Set(unknown.map((key) => key.unknownCause ?? ''))],
    wallMs: median(runs.map((run) => run.wallMs)),
    cpuMs: median(runs.map((run) => run.cpuMs)),
    parseMs,
    states: result.counts.statesVisited,
    memoBytes: Math.max(0, ...result.keys.map((key) => key.counts.memoBytes)),
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

const [name, mode] = process.argv.slice(2);
if (name === undefined || (mode !== 'fast' && mode !== 'plain')) {
  throw new Error('usage: tsx bench/checker/measure-case.ts NAME fast|plain');
}
process.stdout.write(`${JSON.stringify(measure(name, mode))}\n`);
