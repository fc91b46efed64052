/**
 * `npm run bench:startup`: how long from launching the console to six agents ready, printed, never
 * asserted. Two ways: `npm start`'s script (stale check, Electron probe, headless fallback) and the
 * built headless console alone. Each is run RUNS times (default 3) after one warm-up build.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const runs = Number(process.env.RUNS ?? 3);
const readyLine = /cluster ready: (\d+) agents in (\d+) ms/;

interface Sample {
  /** Launch to the "cluster ready" line, measured here. */
  wallMs: number;
  /** The console's own figure: its start to every agent answering Health. */
  consoleMs: number;
}

function measure(command: string, args: string[]): Promise<Sample> {
  const runsRoot = mkdtempSync(join(tmpdir(), 'paxoscope-bench-'));
  const startedMs = performance.now();
  const child = spawn(command, [...args, '--runs-dir', runsRoot], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = readyLine.exec(output);
      if (!match) return;
      const sample = { wallMs: performance.now() - startedMs, consoleMs: Number(match[2]) };
      child.once('exit', () => {
        rmSync(runsRoot, { recursive: true, force: true });
        resolve(sample);
      });
      child.kill('SIGTERM');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      if (!readyLine.test(output))
        reject(new Error(`${command} ${args.join(' ')} exited (${code}) before ready:\n${output}`));
    });
  });
}

function summary(label: string, samples: Sample[]): string {
  const walls = samples.map((sample) => sample.wallMs).sort((a, b) => a - b);
  const median = walls[Math.floor(walls.length / 2)]!;
  const consoles = samples.map((sample) => Math.round(sample.consoleMs)).join(', ');
  return `${label.padEnd(34)} median ${Math.round(median)} ms, min ${Math.round(walls[0]!)} ms, max ${Math.round(walls.at(-1)!)} ms (console's own: ${consoles} ms)`;
}

const build = spawnSync(process.execPath, ['scripts/build-console.mjs'], { stdio: 'inherit' });
if (build.status !== 0) console.error('build reported failures; measuring with what exists');
// `npm start` runs scripts/start.mjs; it is launched directly because npm does not pass SIGTERM on.
const ways: [string, string, string[]][] = [
  ['npm start (node scripts/start.mjs)', process.execPath, ['scripts/start.mjs']],
  ['node dist/main/headless-main.mjs', process.execPath, ['dist/main/headless-main.mjs']],
];
console.log(
  `startup to 6 agents ready; ${runs} runs each; ${cpus().length} cores, load average ${loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}`,
);
for (const [label, command, args] of ways) {
  const samples: Sample[] = [];
  for (let run = 0; run < runs; run += 1) samples.push(await measure(command, args));
  console.log(summary(label, samples));
}
console.log(`goal: under 3000 ms; load average now ${loadavg()[0]!.toFixed(2)}`);
