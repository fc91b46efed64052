/**
 * `npm run bench:checker [-- --case TEXT]`: how fast checkHistory decides each case of bench-cases.ts,
 * with the fast search (now) and the plain one (the checker before pre-checks, twin timed-out writes
 * and fair shares, under the same limits), each case and mode in a process of its own
 * (measure-case.ts) so that memory figures are per case. CPU time is printed beside wall time
 * because the machine is shared with other work. --case measures only cases whose name contains TEXT.
 *
 * Goals (issue 12): no crash at any size, memory under the default limit, every row at least as fast
 * as the plain search. The last lines say whether each held.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultMemoryLimitBytes } from '../../app/checker/linearizability';
import type { SearchMode } from '../../app/checker/key-search';
import { benchCases, type BenchCase } from './bench-cases';
import type { Measurement } from './measure-case';

const measureScript = fileURLToPath(new URL('./measure-case.ts', import.meta.url));
/** Porcupine on Jepsen etcd histories: about 8,500 operations in 1.2 s on this kind of machine. */
const anchorOpsPerSecond = 8_500 / 1.2;
/** Differences under this (or under noiseShare of the time) are timer and scheduling noise on a shared machine. */
const noiseMs = 5;
const noiseShare = 0.05;
const mib = 1024 * 1024;

type Outcome = { ok: true; measurement: Measurement } | { ok: false; error: string };

function measureInChild(name: string, mode: SearchMode): Outcome {
  try {
    const stdout = execFileSync(process.execPath, [...process.execArgv, measureScript, name, mode], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 1024 * 1024,
    });
    return { ok: true, measurement: JSON.parse(stdout) as Measurement };
  } catch (error) {
    const { status, stderr } = error as { status?: number; stderr?: string };
    return {
      ok: false,
      error: `exit ${status ?? '?'}: ${(stderr ?? String(error)).trim().split('\n').at(-1)}`,
    };
  }
}

const thousands = (value: number): string => Math.round(value).toLocaleString('en-US');
const megabytes = (bytes: number): string => (bytes / mib).toFixed(0);

function verdictText(measurement: Measurement): string {
  if (measurement.unknownKeys === 0) return measurement.verdict;
  return `${measurement.verdict} (${measurement.unknownKeys} ${measurement.unknownCauses.join('/')})`;
}

function row(cells: (string | number)[]): string {
  return cells.map((cell, index) => String(cell).padStart(index === 0 ? 28 : index < 4 ? 8 : 13)).join(' ');
}

interface CaseFigures {
  benchCase: BenchCase;
  fast: Outcome;
  plain: Outcome;
}

function printRow({ benchCase, fast, plain }: CaseFigures): void {
  if (!fast.ok || !plain.ok) {
    const failed = !fast.ok ? `fast ${fast.error}` : `plain ${(plain as { error: string }).error}`;
    console.log(row([benchCase.name, '', '', '', `CRASHED: ${failed}`]));
    return;
  }
  const now = fast.measurement;
  const old = plain.measurement;
  console.log(
    row([
      benchCase.name,
      thousands(now.operations),
      benchCase.keys,
      `${Math.round(benchCase.unansweredShare * 100)} %`,
      verdictText(now),
      now.wallMs.toFixed(1),
      thousands((now.operations / now.wallMs) * 1000),
      now.cpuMs.toFixed(1),
      verdictText(old),
      old.wallMs.toFixed(1),
      old.cpuMs.toFixed(1),
      `${(old.wallMs / now.wallMs).toFixed(1)}x`,
      `${thousands(now.states)} / ${thousands(old.states)}`,
      `${megabytes(now.memoBytes)} / ${megabytes(old.memoBytes)}`,
      `${megabytes(now.maxRssBytes)} / ${megabytes(old.maxRssBytes)}`,
    ]),
  );
}

const { values } = parseArgs({ options: { case: { type: 'string' } }, strict: true });
const cases = benchCases.filter(
  (benchCase) => values.case === undefined || benchCase.name.includes(values.case),
);
console.log(
  `checker benchmark: fast search (now) vs plain (before issue 12), each case and mode in its own process; ` +
    `median of 3 to 50 checks after a warm-up; load average ${loadavg()[0]?.toFixed(1)}`,
);
console.log(
  row([
    'case',
    'ops',
    'keys',
    'timeouts',
    'verdict',
    'ms',
    'ops/s',
    'cpu ms',
    'plain verdict',
    'plain ms',
    'plain cpu',
    'speedup',
    'states',
    'memo MiB',
    'peak RSS MiB',
  ]),
);
const figures: CaseFigures[] = [];
for (const benchCase of cases) {
  const measured = {
    benchCase,
    fast: measureInChild(benchCase.name, 'fast'),
    plain: measureInChild(benchCase.name, 'plain'),
  };
  printRow(measured);
  figures.push(measured);
}

const measured = figures.flatMap(({ benchCase, fast, plain }) =>
  fast.ok && plain.ok ? [{ benchCase, now: fast.measurement, old: plain.measurement }] : [],
);
const register = measured.find(({ benchCase }) => benchCase.name === 'register');
if (register !== undefined) {
  const opsPerSecond = (register.now.operations / register.now.wallMs) * 1000;
  console.log(
    `anchor: Porcupine checks ~8,500 ops of Jepsen etcd histories in 1.2 s (≈${thousands(anchorOpsPerSecond)} ops/s); ` +
      `the same shape here (register): ${thousands(opsPerSecond)} ops/s = ${(opsPerSecond / anchorOpsPerSecond).toFixed(1)}x.`,
  );
}
const crashed = figures
  .filter(({ fast, plain }) => !fast.ok || !plain.ok)
  .map(({ benchCase }) => benchCase.name);
const memoMax = Math.max(0, ...measured.map(({ now }) => now.memoBytes));
const rssMax = Math.max(0, ...measured.map(({ now }) => now.maxRssBytes));
const slowerBy = (figure: 'wallMs' | 'cpuMs'): string[] =>
  measured
    .filter(({ now, old }) => now[figure] > old[figure] + Math.max(noiseMs, noiseShare * old[figure]))
    .map(({ benchCase }) => benchCase.name);
const verdictOf = (names: string[]): string => (names.length === 0 ? 'held' : `MISSED (${names.join(', ')})`);
console.log(`no crash: ${crashed.length === 0 ? 'held' : `MISSED (${crashed.join(', ')})`}`);
console.log(
  `memory: the fast search's memo peaked at ${megabytes(memoMax)} MiB (limit ${megabytes(defaultMemoryLimitBytes)} MiB), ` +
    `its process at ${megabytes(rssMax)} MiB resident`,
);
console.log(
  `at least as fast as the plain search (within ${noiseMs} ms or ${noiseShare * 100} %) on every row: ` +
    `wall time ${verdictOf(slowerBy('wallMs'))}; CPU time ${verdictOf(slowerBy('cpuMs'))}`,
);
