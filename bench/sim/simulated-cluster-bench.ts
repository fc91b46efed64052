/**
 * The console's simulated cluster, measured (issue 15, a benchmark, never a test):
 * - steps per second, one event at a time, on the largest simulated cluster (24 nodes: groups of six,
 *   the largest under the class's 27) and on 30 nodes to bracket 27, with the event recorder and the
 *   live safety checkers watching, as in the console, and a client writing every 20 steps;
 * - the time to step back one event and across 10,000 events (goal ≤ 100 ms) from 20 points spread
 *   over a checkpoint interval, and to switch back to a branch left 5,000 steps before its end.
 * - with `--long N`: a long run of N steps on 24 nodes instead, printing at every fifth of it how many
 *   checkpoints are kept (thinned past the newest checkpointsDenseSteps), one checkpoint's size, the
 *   heap in use, and the time to go back 10,000 steps and halfway to the start.
 * Prints figures; asserts no time. Usage: npx tsx bench/sim/simulated-cluster-bench.ts [--steps N]
 *   [--long N] (run with NODE_OPTIONS=--expose-gc for a heap figure after collection)
 */
import { serialize } from 'node:v8';
import { nodeLocations } from '../../app/model/topology';
import { gridTopology } from '../../main/simulated/grid-topology';
import { SimulatedCluster } from '../../main/simulated/simulated-cluster';

const stepsArg = process.argv.indexOf('--steps');
const steps = stepsArg > 0 ? Number(process.argv[stepsArg + 1]) : 20_000;
const longArg = process.argv.indexOf('--long');
const longSteps = longArg > 0 ? Number(process.argv[longArg + 1]) : 0;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** A 24- or 30-node run with the console's watchers, a client writing every 20 steps. */
function workload(groups: number) {
  const topology = gridTopology(groups, 'paxoskv');
  const ids = nodeLocations(topology).map((node) => node.id);
  const cluster = new SimulatedCluster(
    { seed: 7, options: { topology }, inputs: [], eventsKeptMax: 20_000 },
    { onRewrite: () => {}, onChange: () => {} },
  );
  let writes = 0;
  const run = (count: number) => {
    for (let i = 0; i < count; i += 1) {
      if (i % 20 === 0) {
        const node = ids[writes % ids.length]!;
        void cluster.request(node, {
          requestId: `w${writes}`,
          operation: { kind: 'put', key: `k${writes % 50}`, value: new TextEncoder().encode(`v${writes}`) },
        });
        writes += 1;
      }
      cluster.input({ kind: 'step' });
    }
  };
  return { cluster, ids, run, writes: () => writes };
}

function timed(action: () => void): number {
  const t = performance.now();
  action();
  return performance.now() - t;
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

function benchLong(): void {
  const { cluster, run } = workload(4);
  const fifth = Math.ceil(longSteps / 5);
  for (let done = 0; done < longSteps; done += fifth) {
    run(fifth);
    const end = cluster.stepCount;
    const back10k = timed(() => cluster.back(10_000));
    cluster.history.seekStep(end);
    const backHalf = timed(() => cluster.back(Math.floor(end / 2)));
    cluster.history.seekStep(end);
    console.log(
      `24 nodes, step ${end}: ${cluster.history.checkpointCount} checkpoints kept (never thinned: ${Math.floor(end / 250) + 1}), ` +
        `one ${(serialize(cluster.sim.state).length / 2 ** 20).toFixed(2)} MB serialized; heap ${heapMb().toFixed(0)} MB; ` +
        `back 10,000 steps ${back10k.toFixed(0)} ms, back ${Math.floor(end / 2)} steps ${backHalf.toFixed(0)} ms`,
    );
  }
  cluster.close();
}

function bench(groups: number): void {
  const { cluster, ids, run, writes: written } = workload(groups);
  const startedMs = performance.now();
  run(steps);
  const writes = written();
  const runMs = performance.now() - startedMs;
  const end = cluster.stepCount;
  // From 20 starting points spread over a checkpoint interval, so the replay distance varies fully.
  const timedBack = (steps: number) =>
    Array.from({ length: 20 }, (_, i) => {
      cluster.history.seekStep(end - i * 13);
      const t = performance.now();
      cluster.back(steps);
      return performance.now() - t;
    });
  const backOne = timedBack(1);
  const backFar = timedBack(10_000);
  cluster.history.seekStep(end - 5_000);
  cluster.branchHere();
  cluster.input({ kind: 'step' });
  const t = performance.now();
  cluster.switchBranch(1);
  const switchMs = performance.now() - t;
  console.log(
    `${ids.length} nodes: ${steps} steps (${writes} client writes, simulated t=${cluster.sim.nowMs} ms) in ${runMs.toFixed(0)} ms = ${Math.round((steps / runMs) * 1000)} steps/s; ` +
      `back 1 step: median ${median(backOne).toFixed(1)} ms (max ${Math.max(...backOne).toFixed(1)}); back 10,000 steps: median ${median(backFar).toFixed(1)} ms (max ${Math.max(...backFar).toFixed(1)}); ` +
      `switch to a branch 5,000 steps ahead: ${switchMs.toFixed(1)} ms; violations ${cluster.violations().length}`,
  );
  cluster.close();
}

if (longSteps > 0) benchLong();
else for (const groups of [4, 5]) bench(groups);
