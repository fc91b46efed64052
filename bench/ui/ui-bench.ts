/**
 * `npm run bench:ui`: the console renderer in Debian's Chromium under a generated event stream from 27
 * agents, at each rate (default 5,000 and 20,000 events/s). Prints frames per second, the slowest and
 * the 99th-percentile frame, how busy the renderer's main thread was, messages in flight on screen, how
 * far the renderer kept up, and the JS heap at the start and after the soak period (default 10 minutes
 * at the highest rate). An idle row first shows what the machine allows with no events at all.
 *
 *   npm run bench:ui -- [--rates 5000,20000] [--seconds 30] [--soak-seconds 600] [--agents 27]
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { placementGroups, validateTopology, type Topology } from '../../app/model/topology';
import { startBenchConsole, type BenchConsole } from './bench-console';
import { parseBenchFlags, type BenchFlags } from './bench-flags';
import { EventGenerator } from './event-generator';
import { heapMb, mainThreadSeconds, measureFrames, pageFigures, type FrameStats } from './page-figures';

const root = join(import.meta.dirname, '../..');
/** Events are published in ticks of this many ms, as main's merger batches them. */
const tickMs = 50;
const warmUpSeconds = 5;

/** 3 datacenters × 5 mini-clusters × 2 nodes: 30 nodes in 5 groups, enough for 27 agents. */
function benchTopology(): Topology {
  let port = 20_000;
  return validateTopology({
    name: 'bench',
    datacenters: [1, 2, 3].map((d) => ({
      id: `dc${d}`,
      miniClusters: Array.from({ length: 5 }, (_, m) => ({
        id: `dc${d}-mc${m + 1}`,
        nodes: [0, 1].map((slot) => ({ id: `n${d}${m}${slot}`, port: port++ })),
      })),
    })),
  });
}

/** Publishes `rate` events per second in ticks until stopped. */
function streamEvents(console: BenchConsole, generator: EventGenerator, rate: number) {
  let published = 0;
  let owed = 0;
  let lastMs = performance.now();
  const timer = setInterval(() => {
    const nowMs = performance.now();
    owed += (rate * (nowMs - lastMs)) / 1000;
    lastMs = nowMs;
    if (owed < 1) return;
    const events = generator.eventsAt(Math.floor(owed), Date.now());
    owed -= events.length;
    published += events.length;
    console.publishEvents(events);
  }, tickMs);
  return { published: () => published, stop: () => clearInterval(timer) };
}

interface RateResult {
  frames: FrameStats;
  inFlight: number;
  /** Events the renderer ingested per event published (1 = it kept up). */
  keptUp: number;
  /** Share of one core the renderer's main thread was busy. */
  busy: number;
  connection: string;
}

interface Harness {
  page: Page;
  cdp: CDPSession;
  console: BenchConsole;
  generator: EventGenerator;
}

async function runRate(
  { page, cdp, console, generator }: Harness,
  rate: number,
  seconds: number,
): Promise<RateResult> {
  const stream = streamEvents(console, generator, rate);
  await page.waitForTimeout(rate > 0 ? warmUpSeconds * 1000 : 500);
  const before = await pageFigures(page);
  const busyBefore = await mainThreadSeconds(cdp);
  const publishedBefore = stream.published();
  const frames = await measureFrames(page, seconds * 1000);
  const busy = ((await mainThreadSeconds(cdp)) - busyBefore) / seconds;
  const after = await pageFigures(page);
  const published = stream.published() - publishedBefore;
  stream.stop();
  const keptUp = published === 0 ? 1 : (after.ingested - before.ingested) / published;
  return { frames, inFlight: after.inFlight, keptUp, busy, connection: after.connection };
}

function printRow(label: string, row: RateResult): void {
  const { frames } = row;
  const cells = [
    label.padEnd(16),
    `${frames.fps.toFixed(1).padStart(5)} fps`,
    `slowest ${frames.slowestMs.toFixed(0).padStart(4)} ms`,
    `p99 ${frames.p99Ms.toFixed(0).padStart(4)} ms`,
    `main thread ${(row.busy * 100).toFixed(0).padStart(3)}% busy`,
    `in flight ${String(row.inFlight).padStart(5)}`,
    `ingested ${(row.keptUp * 100).toFixed(0).padStart(3)}%`,
    `link ${row.connection}`,
  ];
  process.stdout.write(`${cells.join('   ')}\n`);
}

function machineLoad(): string {
  return `load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`;
}

async function measure(harness: Harness, flags: BenchFlags, agents: number): Promise<void> {
  const heapStartMb = await heapMb(harness.cdp);
  process.stdout.write(
    `UI benchmark: ${agents} agents, ${flags.seconds} s per rate after ${warmUpSeconds} s warm-up; ${machineLoad()}\n`,
  );
  process.stdout.write(`JS heap at start: ${heapStartMb.toFixed(1)} MB\n`);
  printRow('idle (baseline)', await runRate(harness, 0, Math.min(flags.seconds, 5)));
  for (const rate of flags.rates) printRow(`${rate} events/s`, await runRate(harness, rate, flags.seconds));
  const soakRate = Math.max(...flags.rates);
  printRow(`soak ${flags.soakSeconds} s`, await runRate(harness, soakRate, flags.soakSeconds));
  const heapEndMb = await heapMb(harness.cdp);
  process.stdout.write(
    `JS heap after ${flags.soakSeconds} s at ${soakRate} events/s: ${heapEndMb.toFixed(1)} MB (start ${heapStartMb.toFixed(1)} MB); ${machineLoad()}\n`,
  );
}

async function main(flags: BenchFlags): Promise<void> {
  const build = spawnSync(process.execPath, [join(root, 'scripts/build-console.mjs'), 'renderer'], {
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('the renderer did not build');
  const topology = benchTopology();
  const groups = placementGroups(topology);
  const agents = groups.flatMap((group) => group.members).slice(0, flags.agents);
  const generator = new EventGenerator({ groups, agents, keys: 5_000, seed: 7 });
  const console = await startBenchConsole(join(root, 'dist/renderer'), topology);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(console.url);
    await page.waitForSelector('[data-connection="open"]');
    await measure({ page, cdp, console, generator }, flags, agents.length);
  } finally {
    await browser.close();
    await console.close();
  }
}

await main(parseBenchFlags(process.argv.slice(2)));
