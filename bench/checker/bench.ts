/**
 * `npm run bench:checker`: how fast checkHistory decides realistic histories. Each case generates a
 * linearizable history with the reference run and checks it three times (median printed), after one
 * warm-up check so the JIT is not what is measured. CPU time is printed beside wall time because the
 * machine is shared with other work.
 *
 * Store cases: 100 keys; 3.3 reads : 1 write, writes 60 % put, 25 % cas, 15 % delete; versions
 * reported; 1 % of writes time out and 0.5 % of operations fail; calls overlap.
 * Anchor case: the shape of the Jepsen etcd histories Porcupine is measured on: one register, 10
 * clients, 8,500 operations, get and put only, no versions, 1 % timeouts.
 */
import { loadavg } from 'node:os';
import type { CheckResult } from '../../app/checker/check-result';
import { formatHistory, parseHistory } from '../../app/checker/history';
import { checkHistory } from '../../app/checker/linearizability';
import { referenceRun, type ReferenceRunOptions } from '../../app/checker/reference-run';

interface BenchCase {
  label: string;
  options: ReferenceRunOptions;
}

const storeCases: BenchCase[] = [1_000, 10_000, 100_000].flatMap((operations) =>
  [10, 50].map((clients) => ({
    label: 'store',
    options: { seed: operations + clients, operations, clients, keys: 100 },
  })),
);
const anchorCase: BenchCase = {
  label: 'register',
  options: {
    seed: 1,
    operations: 8_500,
    clients: 10,
    keys: 1,
    writeMix: { put: 1, cas: 0, delete: 0 },
    reportVersions: false,
  },
};
const repeats = 3;
/** Porcupine on Jepsen etcd histories: about 8,500 operations in 1.2 s on this kind of machine. */
const anchorOpsPerSecond = 8_500 / 1.2;

interface Measurement {
  wallMs: number;
  cpuMs: number;
  result: CheckResult;
}

function measure(run: () => CheckResult): Measurement {
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const result = run();
  const wallMs = performance.now() - wallBefore;
  const cpu = process.cpuUsage(cpuBefore);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, result };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const thousands = (value: number): string => Math.round(value).toLocaleString('en-US');

function row(cells: (string | number)[]): string {
  return cells.map((cell, index) => String(cell).padStart(index === 0 ? 9 : 11)).join(' ');
}

/** Runs one case, prints its row and returns its checked operations per second (wall time). */
function runCase({ label, options }: BenchCase): number {
  const history = referenceRun(options);
  const parseStart = performance.now();
  parseHistory(formatHistory(history));
  const parseMs = performance.now() - parseStart;
  const runs = Array.from({ length: repeats }, () => measure(() => checkHistory(history)));
  const wallMs = median(runs.map((run) => run.wallMs));
  const opsPerSecond = (history.length / wallMs) * 1000;
  const { result } = runs[0] as Measurement;
  const cells = [label, thousands(history.length), options.keys, options.clients, result.verdict];
  const figures = [
    wallMs.toFixed(1),
    thousands(opsPerSecond),
    median(runs.map((run) => run.cpuMs)).toFixed(1),
  ];
  console.log(row([...cells, ...figures, parseMs.toFixed(1), thousands(result.counts.statesVisited)]));
  return opsPerSecond;
}

checkHistory(referenceRun({ seed: 0, operations: 20_000, clients: 20, keys: 10 }));
console.log(
  `checker benchmark: median of ${repeats} checks after a warm-up; load average ${loadavg()[0]?.toFixed(1)}`,
);
console.log(
  row(['case', 'ops', 'keys', 'clients', 'verdict', 'check ms', 'ops/s', 'cpu ms', 'parse ms', 'states']),
);
const storeSlowest = Math.min(...storeCases.map(runCase));
const anchorShape = runCase(anchorCase);
console.log(
  `anchor: Porcupine checks ~8,500 ops of Jepsen etcd histories in 1.2 s (≈${thousands(anchorOpsPerSecond)} ops/s). ` +
    `Here, the same shape (one register, 10 clients, no versions): ${thousands(anchorShape)} ops/s = ` +
    `${(anchorShape / anchorOpsPerSecond).toFixed(1)}x; slowest store case: ${thousands(storeSlowest)} ops/s = ` +
    `${(storeSlowest / anchorOpsPerSecond).toFixed(1)}x.`,
);
