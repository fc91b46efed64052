/**
 * npm run bench:sim — figures for the simulator: sweep seeds per second (with every checker), raw core
 * steps per second and simulated time per wall second, and what a checkpoint and a seek cost (the
 * classroom's time slider). Prints figures only; nothing here asserts a speed.
 */
import { performance } from 'node:perf_hooks';
import { History } from '../../app/simulator/time-travel';
import { randomRun } from '../../app/simulator/random-run';
import type { SimObserver } from '../../app/simulator/sim-observer';
import { Simulation } from '../../app/simulator/simulation';
import { runSeed } from './sweep';

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function benchSweep(seeds: number): void {
  const cpu = process.cpuUsage();
  const startMs = performance.now();
  for (let seed = 1; seed <= seeds; seed += 1) runSeed(seed);
  const wallMs = performance.now() - startMs;
  console.log(
    `sweep: ${seeds} seeds, ${(wallMs / seeds).toFixed(1)} ms/seed wall, ${(cpuMs(cpu) / seeds).toFixed(1)} ms/seed CPU, ${((seeds * 1000) / wallMs).toFixed(1)} seeds/s`,
  );
}

function benchRawRuns(seeds: number): void {
  let steps = 0;
  let simulatedMs = 0;
  const counter: SimObserver = { onStep: () => (steps += 1) };
  const startMs = performance.now();
  for (let seed = 1; seed <= seeds; seed += 1) {
    const run = randomRun(seed);
    const history = new History(new Simulation(run.seed, run.options, [counter]), {
      checkpointEverySteps: Infinity,
    });
    for (const input of run.inputs) history.apply(input);
    simulatedMs += history.sim.nowMs;
  }
  const wallSeconds = (performance.now() - startMs) / 1000;
  console.log(
    `raw runs: ${seeds} runs, ${Math.round(steps / wallSeconds)} core steps/s, ${(simulatedMs / 1000 / wallSeconds).toFixed(0)} simulated s per wall s`,
  );
}

function benchSeek(): void {
  const run = randomRun(7);
  const history = new History(new Simulation(run.seed, run.options), { checkpointEverySteps: 500 });
  const recordStartMs = performance.now();
  for (const input of run.inputs) history.apply(input);
  const recordMs = performance.now() - recordStartMs;
  const endMs = history.sim.nowMs;
  const targets = Array.from({ length: 50 }, (_, i) => Math.floor((endMs * ((i * 37) % 50)) / 50));
  const seekStartMs = performance.now();
  for (const tMs of targets) history.seek(tMs);
  const seekMs = (performance.now() - seekStartMs) / targets.length;
  const cloneStartMs = performance.now();
  for (let i = 0; i < 20; i += 1) structuredClone(history.sim.state);
  const cloneMs = (performance.now() - cloneStartMs) / 20;
  console.log(
    `history: recording ${endMs} simulated ms with a checkpoint every 500 steps took ${recordMs.toFixed(0)} ms; seek ${seekMs.toFixed(2)} ms on average; one checkpoint clone ${cloneMs.toFixed(2)} ms`,
  );
}

const seeds = Number(process.argv[2] ?? 200);
benchSweep(seeds);
benchRawRuns(seeds);
benchSeek();
