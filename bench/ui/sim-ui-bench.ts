/**
 * The classroom's renderer benchmark (issue 15, Performance): the built headless console with a
 * simulated 24-node cluster (4 groups of 6, the nearest our topologies allow to 27) in Debian's
 * Chromium. Prints, never asserts:
 * - drawing frames per second (requestAnimationFrame over the window) and the renderer's main-thread
 *   load while the simulator runs free with the background workload on, and the simulation's steps
 *   per second over the same window (its step counter in the panel);
 * - the time from a click to the picture showing the run 10,000 events back: the run branches at a
 *   step X, goes on 10,000+ events, and the click on the first branch in the branch tree takes it back
 *   to X (the panel has no "back 10,000" button; a back and a switch restore the same way, from the
 *   nearest checkpoint) — measured in the page, from the click until the step shown is X, the console's
 *   events were replaced and drawn (see timeClick); and the same for "◀◀ 100";
 * - the machine's load average.
 * `--profile-seconds N` adds a CPU profile of the renderer while running free; `--profile-back` one
 * of the last branch switch, from its click to its picture.
 *
 *   npx tsx bench/ui/sim-ui-bench.ts [--seconds 20] [--seed 7] [--rate 50] [--repeats 3]
 *                                    [--profile-seconds 0] [--profile-back]
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { startHeadlessConsole } from '../../test/e2e/support/headless-console';
import { hotFunctions, printHotFunctions, profileHotFunctions } from './cpu-profile';
import { mainThreadSeconds, sampleWindow, summarise } from './page-figures';

const root = join(import.meta.dirname, '../..');
const groups = 4;
const backEvents = 10_000;
const warmUpSeconds = 5;
/** Time for the workload's last requests to be answered once it is off. */
const drainMs = 5000;

interface Flags {
  seconds: number;
  seed: number;
  rate: number;
  repeats: number;
  profileSeconds: number;
  /** Sample the renderer during the last branch switch's click and print where its time went. */
  profileBack: boolean;
}

function parseFlags(argv: string[]): Flags {
  const { values } = parseArgs({
    args: argv,
    options: {
      seconds: { type: 'string', default: '20' },
      seed: { type: 'string', default: '7' },
      rate: { type: 'string', default: '50' },
      repeats: { type: 'string', default: '3' },
      'profile-seconds': { type: 'string', default: '0' },
      'profile-back': { type: 'boolean', default: false },
    },
  });
  const whole = (name: keyof typeof values, min: number, max: number): number => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < min || value > max)
      throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
    return value;
  };
  return {
    seconds: whole('seconds', 1, 600),
    seed: whole('seed', 0, 2 ** 31),
    rate: whole('rate', 1, 200),
    repeats: whole('repeats', 1, 20),
    profileSeconds: whole('profile-seconds', 0, 120),
    profileBack: values['profile-back'],
  };
}

function machineLoad(): string {
  const [one, five] = loadavg();
  return `load average ${one!.toFixed(1)} (1 min) ${five!.toFixed(1)} (5 min) on ${cpus().length} cores`;
}

const say = (line: string) => process.stdout.write(`${line}\n`);

async function simStep(page: Page): Promise<number> {
  return Number(await page.getByTestId('sim-step').textContent());
}

async function simButton(page: Page, name: string): Promise<void> {
  await page.locator('.simulation-panel').getByRole('button', { name, exact: true }).click();
}

async function setWorkload(page: Page, running: boolean, rate: number): Promise<void> {
  const workload = page.locator('[aria-label="background workload"]');
  await workload.getByLabel('workload rate').fill(String(rate));
  await workload.getByRole('checkbox').setChecked(running);
}

/** Runs free with the workload until the step counter reaches `step`. */
async function runTo(page: Page, step: number, rate: number): Promise<void> {
  await setWorkload(page, true, rate);
  if (await page.locator('.simulation-panel').getByRole('button', { name: 'Run', exact: true }).isVisible())
    await simButton(page, 'Run');
  await page.waitForFunction(
    (target) => Number(document.querySelector('[data-testid="sim-step"]')?.textContent) >= target,
    step,
    { timeout: 20 * 60_000, polling: 500 },
  );
  await setWorkload(page, false, rate);
  // The workload's requests still waiting are answered while the run goes on; one entering after the
  // pause would move the step the measurements below count on.
  await page.waitForTimeout(drainMs);
  await pause(page);
}

async function pause(page: Page): Promise<void> {
  const button = page.locator('.simulation-panel').getByRole('button', { name: 'Pause', exact: true });
  if (await button.isVisible()) await button.click();
  await page.locator('.simulation-panel').getByRole('button', { name: 'Run', exact: true }).waitFor();
}

interface ClickTimes {
  /** Until the simulation panel shows the target step. */
  stepMs: number;
  /** Until the picture of that step was drawn (see timeClick). */
  pictureMs: number;
}

/**
 * In the page: clicks the button (by CSS selector, or by its text in the simulation panel), waits for
 * the panel to show the target step, then for two frames. main sends the console's events cleared and
 * the new present's events before it answers the action, on the same socket, so when the answer shows
 * the step, the store was already reset and the events wait in the renderer's pump: the next frame
 * ingests them and the one after draws them.
 */
function timeClick(
  page: Page,
  button: { selector: string } | { text: string },
  target: { step: number } | { back: number },
): Promise<ClickTimes> {
  const find =
    'selector' in button
      ? `document.querySelector(${JSON.stringify(button.selector)})`
      : `[...document.querySelectorAll('.simulation-panel button')].find((b) => b.textContent.trim() === ${JSON.stringify(button.text)})`;
  return page.evaluate<ClickTimes>(`new Promise((resolve, reject) => {
    const button = ${find};
    if (!button) return reject(new Error('no such button'));
    const shown = () => Number(document.querySelector('[data-testid="sim-step"]')?.textContent);
    const target = ${'step' in target ? target.step : `shown() - ${target.back}`};
    const start = performance.now();
    button.click();
    const check = () => {
      if (shown() === target) {
        const stepMs = performance.now() - start;
        requestAnimationFrame(() =>
          requestAnimationFrame(() => resolve({ stepMs, pictureMs: performance.now() - start })),
        );
      } else if (performance.now() - start > 60000) {
        reject(new Error('the panel did not show step ' + target + ' in 60 s: it shows ' + shown()));
      } else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })`);
}

async function startProfile(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  return cdp;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function measureRunningFree(page: Page, flags: Flags): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await setWorkload(page, true, flags.rate);
  await page.waitForTimeout(warmUpSeconds * 1000);
  const stepBefore = await simStep(page);
  const busyBefore = await mainThreadSeconds(cdp);
  const started = performance.now();
  const stats = summarise([await sampleWindow(page, flags.seconds * 1000)]);
  const seconds = (performance.now() - started) / 1000;
  const busy = ((await mainThreadSeconds(cdp)) - busyBefore) / seconds;
  const steps = (await simStep(page)) - stepBefore;
  say(
    `running free, workload ${flags.rate} requests/s, ${flags.seconds} s: ${stats.fps.toFixed(1)} fps ` +
      `(goal ≥ 30; slowest frame ${stats.slowestMs.toFixed(0)} ms, p99 ${stats.p99Ms.toFixed(0)} ms), ` +
      `${(steps / seconds).toFixed(0)} simulation steps/s, renderer main thread ${(busy * 100).toFixed(0)}% busy; ` +
      machineLoad(),
  );
  if (flags.profileSeconds > 0) {
    printHotFunctions(await profileHotFunctions(page, cdp, flags.profileSeconds), flags.profileSeconds);
  }
  await setWorkload(page, false, flags.rate);
}

async function measureBack(page: Page, flags: Flags): Promise<void> {
  const switches: ClickTimes[] = [];
  const backs: ClickTimes[] = [];
  for (let repeat = 0; repeat < flags.repeats; repeat += 1) {
    await pause(page);
    const fork = await simStep(page);
    const current = page.locator('.sim-branches [aria-current="true"]');
    // "Branch here" goes on on a new branch; the one left keeps its future, which ends here.
    const kept = await current.getAttribute('data-branch');
    await simButton(page, 'Branch here');
    await page.waitForFunction(
      (id) =>
        document.querySelector('.sim-branches [aria-current="true"]')?.getAttribute('data-branch') !== id,
      kept,
    );
    await runTo(page, fork + backEvents, flags.rate);
    await page.waitForTimeout(1000);
    const back = await timeClick(page, { text: '◀◀ 100' }, { back: 100 });
    backs.push(back);
    await page.waitForTimeout(1000);
    const from = await simStep(page);
    const keptEnd = await page
      .locator(`.sim-branches [data-branch="${kept}"]`)
      .evaluate((button) => Number(/to step (\d+)/.exec(button.parentElement?.textContent ?? '')?.[1]));
    const profiling = flags.profileBack && repeat === flags.repeats - 1 ? await startProfile(page) : null;
    const times = await timeClick(
      page,
      { selector: `.sim-branches [data-branch="${kept}"]` },
      { step: keptEnd },
    );
    switches.push(times);
    if (profiling) {
      const { profile } = await profiling.send('Profiler.stop');
      say(`  renderer during that switch (${times.pictureMs.toFixed(0)} ms):`);
      printHotFunctions(
        hotFunctions(profile.nodes, profile.samples ?? [], profile.timeDeltas ?? [], 15),
        times.pictureMs / 1000,
      );
    }
    say(
      `  run ${repeat + 1}: step ${from} on a branch to ${keptEnd} on branch ${kept} (${from - keptEnd} events ` +
        `back): panel ${times.stepMs.toFixed(0)} ms, picture ${times.pictureMs.toFixed(0)} ms from the click; ` +
        `◀◀ 100: panel ${back.stepMs.toFixed(0)} ms, picture ${back.pictureMs.toFixed(0)} ms`,
    );
  }
  say(
    `back across ${backEvents.toLocaleString('en')}+ events (branch switch), click to picture: median ` +
      `${median(switches.map((t) => t.pictureMs)).toFixed(0)} ms, max ` +
      `${Math.max(...switches.map((t) => t.pictureMs)).toFixed(0)} ms (goal ≤ 100); ◀◀ 100: median ` +
      `${median(backs.map((t) => t.pictureMs)).toFixed(0)} ms; ${machineLoad()}`,
  );
}

async function main(flags: Flags): Promise<void> {
  const build = spawnSync(process.execPath, [join(root, 'scripts/build-console.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('the console did not build');
  const headless = await startHeadlessConsole({
    root,
    flags: ['--simulate', '--seed', String(flags.seed), '--groups', String(groups)],
    waitForCluster: false,
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(headless.url);
    await page.waitForSelector('[data-connection="open"]');
    await page.getByTestId('cluster-kind').filter({ hasText: 'SIMULATED' }).waitFor();
    const nodes = new Set(
      await page
        .locator('[data-node]')
        .evaluateAll((marks) => marks.map((mark) => mark.getAttribute('data-node'))),
    ).size;
    say(
      `UI benchmark, simulated cluster: seed ${flags.seed}, ${groups * 6} nodes (${nodes} drawn); ${machineLoad()}`,
    );
    await measureRunningFree(page, flags);
    await measureBack(page, flags);
  } finally {
    await browser.close();
    await headless.stop();
  }
}

await main(parseFlags(process.argv.slice(2)));
