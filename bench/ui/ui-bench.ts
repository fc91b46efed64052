/**
 * `npm run bench:ui`: the console renderer in Debian's Chromium under a generated event stream from 27
 * agents, at each rate (default 5,000 and 20,000 events/s). Prints frames per second, the slowest and
 * the 99th-percentile frame, how busy the renderer's main thread was, the dots in flight on screen
 * (minimum and median over the frames measured, beside the count the rate should keep up), how far the
 * renderer kept up, and the JS heap after a forced GC at the start and every minute of the soak
 * (default 10 minutes at the highest rate). An idle row first shows what the machine allows with no
 * events at all. `--profile-seconds N` adds a CPU profile of the renderer at the highest rate.
 *
 *   npm run bench:ui -- [--rates 5000,20000] [--seconds 30] [--soak-seconds 600] [--agents 27]
 *                       [--profile-seconds 0]
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { placementGroups } from '../../app/model/topology';
import { startBenchConsole, type BenchConsole } from './bench-console';
import { parseBenchFlags, type BenchFlags } from './bench-flags';
import { benchTopology, expectedInFlight, streamEvents } from './bench-load';
import { printHotFunctions, profileHotFunctions } from './cpu-profile';
import { EventGenerator } from './event-generator';
import {
  connectionState,
  heapMb,
  mainThreadSeconds,
  sampleWindow,
  summarise,
  type WindowSamples,
  type WindowStats,
} from './page-figures';

const root = join(import.meta.dirname, '../..');
const warmUpSeconds = 5;
/** The soak samples the heap (after a forced GC) this often. */
const heapEverySeconds = 60;

interface RateResult {
  stats: WindowStats;
  /** Events the renderer ingested per event published (1 = it kept up). */
  keptUp: number;
  /** Share of one core the renderer's main thread was busy. */
  busy: number;
  connection: string;
  /** JS heap after a forced GC at the end of each heap interval, in MB. */
  heapSeriesMb: number[];
}

interface Harness {
  page: Page;
  cdp: CDPSession;
  console: BenchConsole;
  generator: EventGenerator;
}

/**
 * Streams `rate` events/s and measures `seconds` after a warm-up; with `heapEvery`, in windows of that
 * many seconds with the heap sampled after a forced GC at the end of each.
 */
async function runRate(harness: Harness, rate: number, seconds: number, heapEvery?: number) {
  const { page, cdp, console, generator } = harness;
  const stream = streamEvents(console, generator, rate);
  await page.waitForTimeout(rate > 0 ? warmUpSeconds * 1000 : 500);
  const busyBefore = await mainThreadSeconds(cdp);
  const publishedBefore = stream.published();
  const windows: WindowSamples[] = [];
  const heapSeriesMb: number[] = [];
  const windowSeconds = heapEvery ?? seconds;
  for (let done = 0; done < seconds; done += windowSeconds) {
    windows.push(await sampleWindow(page, Math.min(windowSeconds, seconds - done) * 1000));
    if (heapEvery) heapSeriesMb.push(await heapMb(cdp));
  }
  const busy = ((await mainThreadSeconds(cdp)) - busyBefore) / seconds;
  const connection = await connectionState(page);
  const published = stream.published() - publishedBefore;
  stream.stop();
  const stats = summarise(windows);
  const keptUp = published === 0 ? 1 : stats.ingested / published;
  const result: RateResult = { stats, keptUp, busy, connection, heapSeriesMb };
  return result;
}

function printRow(label: string, row: RateResult, expected: number): void {
  const { stats } = row;
  const cells = [
    label.padEnd(16),
    `${stats.fps.toFixed(1).padStart(5)} fps`,
    `slowest ${stats.slowestMs.toFixed(0).padStart(4)} ms`,
    `p99 ${stats.p99Ms.toFixed(0).padStart(4)} ms`,
    `in flight min ${String(stats.inFlightMin).padStart(5)} median ${String(stats.inFlightMedian).padStart(5)} (expected ${String(expected).padStart(5)})`,
    `main thread ${(row.busy * 100).toFixed(0).padStart(3)}% busy`,
    `ingested ${(row.keptUp * 100).toFixed(0).padStart(3)}%`,
    `resyncs ${stats.resyncs}`,
    `link ${row.connection}`,
  ];
  process.stdout.write(`${cells.join('   ')}\n`);
}

function machineLoad(): string {
  const [one, five] = loadavg();
  return `load average ${one!.toFixed(1)} (1 min) ${five!.toFixed(1)} (5 min) on ${cpus().length} cores`;
}

async function measure(harness: Harness, flags: BenchFlags, agents: number): Promise<void> {
  const heapStartMb = await heapMb(harness.cdp);
  const expected = (rate: number) => expectedInFlight(rate, harness.generator.messagesPerEvent());
  process.stdout.write(
    `UI benchmark: ${agents} agents, ${flags.seconds} s per rate after ${warmUpSeconds} s warm-up, display speed 1; ${machineLoad()}\n`,
  );
  process.stdout.write(`JS heap at start: ${heapStartMb.toFixed(1)} MB\n`);
  printRow('idle (baseline)', await runRate(harness, 0, Math.min(flags.seconds, 5)), 0);
  for (const rate of flags.rates) {
    printRow(`${rate} events/s`, await runRate(harness, rate, flags.seconds), expected(rate));
  }
  const soakRate = Math.max(...flags.rates);
  if (flags.profileSeconds > 0) {
    const stream = streamEvents(harness.console, harness.generator, soakRate);
    await harness.page.waitForTimeout(warmUpSeconds * 1000);
    const hot = await profileHotFunctions(harness.page, harness.cdp, flags.profileSeconds);
    stream.stop();
    printHotFunctions(hot, flags.profileSeconds);
  }
  const soak = await runRate(harness, soakRate, flags.soakSeconds, heapEverySeconds);
  printRow(`soak ${flags.soakSeconds} s`, soak, expected(soakRate));
  const series = soak.heapSeriesMb.map((mb) => mb.toFixed(1)).join(', ');
  process.stdout.write(
    `JS heap after forced GC, start then every ${heapEverySeconds} s of the soak at ${soakRate} events/s: ${heapStartMb.toFixed(1)}, ${series} MB; ${machineLoad()}\n`,
  );
}

/** Builds the renderer (unminified when profiling, so the profile names real functions); returns its folder. */
function buildRenderer(profiling: boolean): string {
  const args = profiling
    ? [
        join(root, 'node_modules/vite/bin/vite.js'),
        'build',
        '--minify',
        'false',
        '--outDir',
        '../dist/renderer-profile',
      ]
    : [join(root, 'scripts/build-console.mjs'), 'renderer'];
  const build = spawnSync(process.execPath, args, { cwd: root, stdio: profiling ? 'ignore' : 'inherit' });
  if (build.status !== 0) throw new Error('the renderer did not build');
  return join(root, profiling ? 'dist/renderer-profile' : 'dist/renderer');
}

async function main(flags: BenchFlags): Promise<void> {
  const rendererDir = buildRenderer(flags.profileSeconds > 0);
  const topology = benchTopology();
  const groups = placementGroups(topology);
  const agents = groups.flatMap((group) => group.members).slice(0, flags.agents);
  const generator = new EventGenerator({ groups, agents, keys: 5_000, seed: 7 });
  const console = await startBenchConsole(rendererDir, topology);
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
