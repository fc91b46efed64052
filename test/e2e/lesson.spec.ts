/**
 * Issue 15 items 4-7 in Chromium against the headless console: a class opens the fast-path lesson from
 * the lessons panel (a simulated cluster with the lesson's seed), plays it from the keyboard in
 * presenter mode (space goes on, a number answers, ← steps back), answers a question wrong and then
 * right, steps the cluster back and branches from the simulation panel (the lesson finds its path
 * again), shares the run as a #sim= address and reopens it to the same picture (simulated step and
 * time, the PLog lens of k1). The spec leaves the real six-agent cluster running, as it found it.
 */
import { expect, test, type Page } from '@playwright/test';
import { startRealAgentsAgain } from './pages/cluster-controls';
import { ConsolePage } from './pages/console-page';
import { startFromRealAgents } from './support/known-state';

// Whatever the spec before left (a simulated cluster, a lesson, a partition), start from real agents.
test.describe.configure({ timeout: 240_000 });
test.beforeEach(() => startFromRealAgents());

const band = (page: Page) => page.getByTestId('lesson-band');
const simStep = (page: Page) => page.getByTestId('sim-step');

/** Longer than the lens's 1.5 s between reads of the replicas' records. */
const lensReadIntervalMs = 2_000;

/**
 * What the page shows of the run: the simulated step and time, and the lens on k1 once it has read the
 * replicas' records, each value named by the request that wrote it. (A value's text shows only once a
 * record holding its entry was read; a replica keeps its newest entries only, so a reopened window
 * cannot read the text of an entry every replica has since dropped, and the text is not compared.)
 * The lens is read until two reads a record-poll apart agree.
 */
async function picture(page: Page): Promise<string[]> {
  await page.locator('#lens-key').fill('k1');
  const lens = page.locator('.plog-lens .lens-grid');
  await expect(lens).toBeVisible();
  const read = () =>
    lens.evaluate((grid) => {
      const copy = grid.cloneNode(true) as HTMLElement;
      for (const value of copy.querySelectorAll<HTMLElement>('.value[data-request]')) {
        value.textContent = ` [${value.dataset.request}]`;
      }
      return (copy.textContent ?? '').replace(/\s+/g, ' ');
    });
  let lensText = '';
  await expect
    .poll(
      async () => {
        const before = lensText;
        lensText = await read();
        return lensText === before;
      },
      { intervals: [lensReadIntervalMs], timeout: 20_000 },
    )
    .toBe(true);
  // The newest entry is on every replica's record, so its value's text is read.
  await expect(lens.locator('tbody tr').first().locator('.value[data-value="read"]')).not.toHaveCount(0);
  return [
    `step ${await simStep(page).textContent()}`,
    `t ${await page.getByTestId('sim-now').textContent()}`,
    lensText,
  ];
}

test('a class plays the fast-path lesson from the keyboard, steps back, branches and shares it', async ({
  page,
}, testInfo) => {
  test.setTimeout(150_000);
  const console = new ConsolePage(page, testInfo);
  const consoleUrl = process.env.PAXOSCOPE_E2E_URL!;
  await console.open(consoleUrl);

  await test.step('open the fast-path lesson from the lessons panel', async () => {
    const panel = page.getByRole('region', { name: 'lessons' });
    await panel.getByText('Play a lesson on a simulated cluster').click();
    await panel.getByRole('button', { name: 'A write on the fast path' }).click();
    await expect(page.getByTestId('cluster-kind')).toHaveText('SIMULATED seed 1', { timeout: 30_000 });
    await expect(console.allNodes()).toHaveCount(6);
    await expect(page.locator('.lesson-player')).toHaveAttribute('data-kind', 'intro');
    await page.keyboard.press('p');
    await expect(page.locator('html')).toHaveClass(/presenter/);
    await expect(band(page)).toContainText('A write on the fast path: press Space to start');
    await console.snap('lesson-open-presenter');
  });

  await test.step('space plays the first step on the cluster', async () => {
    await page.keyboard.press(' ');
    await expect(page.locator('.lesson-player')).toHaveAttribute('data-kind', 'after');
    await expect(band(page)).toContainText('prepares ballot b(1,3)');
    await expect(page.locator('.lesson-checks li.held').first()).toBeVisible();
    await expect(page.locator('.lesson-checks li.missed')).toHaveCount(0);
    await console.snap('first-step-played');
  });

  let beforeQuestion = '';
  await test.step('space again: the question waits, highlighted; a wrong answer reveals the truth', async () => {
    await page.keyboard.press(' ');
    await expect(band(page).locator('.band-question')).toContainText('How does n0');
    beforeQuestion = (await simStep(page).textContent()) ?? '';
    // Space does not skip a question, and keys typed in a field are typing, not answers.
    await page.keyboard.press(' ');
    const keyField = page.locator('.client-console').getByLabel('key', { exact: true });
    await keyField.fill('');
    await keyField.press('1');
    await keyField.press(' ');
    await expect(keyField).toHaveValue('1 ');
    await keyField.blur();
    await expect(page.locator('.lesson-question')).toHaveAttribute('data-waiting', 'true');
    await expect(simStep(page)).toHaveText(beforeQuestion);
    await console.snap('question-waiting');
    await page.keyboard.press('1');
    await expect(page.getByTestId('lesson-verdict')).toContainText('Not this time');
    await expect(page.getByTestId('lesson-verdict')).toContainText('ballot counter 0');
    await expect(page.locator('.lesson-question li.truth')).toContainText('fast path');
    await expect(simStep(page)).not.toHaveText(beforeQuestion);
    await console.snap('answered-wrong');
  });

  await test.step('← steps back to the question, the cluster with it; the right answer this time', async () => {
    await page.keyboard.press('ArrowLeft');
    await expect(page.locator('.lesson-question')).toHaveAttribute('data-waiting', 'true');
    await expect(simStep(page)).toHaveText(beforeQuestion);
    await console.snap('stepped-back-to-question');
    await page.keyboard.press('2');
    await expect(page.getByTestId('lesson-verdict')).toContainText('Right.');
    await console.snap('answered-right');
  });

  await test.step('step the cluster back and branch; the lesson goes on from its own path', async () => {
    const sim = page.locator('.simulation-panel');
    await sim.getByRole('button', { name: '◀ Back', exact: true }).click();
    await sim.getByRole('button', { name: '◀ Back', exact: true }).click();
    await sim.getByRole('button', { name: 'Branch here', exact: true }).click();
    await expect(page.locator('.sim-branches [data-branch]')).toHaveCount(2);
    await expect(page.locator('.off-path')).toBeVisible();
    await console.snap('branched-off-path');
    await page.keyboard.press('ArrowRight');
    await expect(band(page).locator('.band-question')).toContainText('Which value');
    await page.keyboard.press('2');
    await expect(page.getByTestId('lesson-verdict')).toContainText('Right.');
    await expect(page.locator('.off-path')).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expect(page.locator('html')).not.toHaveClass(/presenter/);
    await console.snap('lesson-end');
  });

  let shown: string[] = [];
  let address = '';
  let scenarioFile = '';
  await test.step('share the run as an address and a file', async () => {
    shown = await picture(page);
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    address = await page.getByLabel('shared address').inputValue();
    expect(address).toMatch(/#sim=[A-Za-z0-9_-]+$/);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download file' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^paxoscope-scenario-seed1-step\d+\.json$/);
    scenarioFile = testInfo.outputPath(download.suggestedFilename());
    await download.saveAs(scenarioFile);
    await console.snap('shared');
  });

  await test.step('reopen the address: the same picture', async () => {
    const reopened = new URL(consoleUrl);
    reopened.hash = new URL(address).hash;
    await page.goto('about:blank');
    await console.open(reopened.href);
    await expect(page.getByText('Opened the shared scenario')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('cluster-kind')).toHaveText('SIMULATED seed 1');
    await expect(simStep(page)).toHaveText(shown[0]!.slice('step '.length));
    expect(await picture(page)).toEqual(shown);
    await console.snap('reopened-same-picture');
  });

  await test.step('open the file: the same picture again', async () => {
    await page.locator('.simulation-panel').getByRole('button', { name: 'Step ▶' }).click();
    await expect(simStep(page)).not.toHaveText(shown[0]!.slice('step '.length));
    await page.getByLabel('scenario file').setInputFiles(scenarioFile);
    await expect(page.getByText(/^Opened paxoscope-scenario-seed1/)).toBeVisible({ timeout: 30_000 });
    await expect(simStep(page)).toHaveText(shown[0]!.slice('step '.length));
    expect(await picture(page)).toEqual(shown);
    await console.snap('file-opened-same-picture');
  });

  await test.step('give the real agents back, as the other specs expect', async () => {
    await page.locator('.simulation-panel').getByRole('button', { name: 'Stop simulation' }).click();
    await expect(page.locator('.cluster-controls')).toHaveAttribute('data-phase', 'stopped', {
      timeout: 30_000,
    });
    await startRealAgentsAgain(page, 90_000);
  });
});
