/**
 * The Checker panel against the headless console and real agents: start a short checked run with a
 * nemesis, watch the keys turn linearizable while it runs and the faults appear as bands, read the
 * final verdict, inspect an operation, save the history, and go back to the event timeline.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { ConsolePage } from './pages/console-page';
import { startFromRealAgents } from './support/known-state';

// Whatever the spec before left (a simulated cluster, a lesson, a partition), start from real agents.
test.describe.configure({ timeout: 240_000 });
test.beforeEach(() => startFromRealAgents());

test('a checked run with a nemesis: live verdicts, fault bands, final check, saved history', async ({
  page,
}, testInfo) => {
  const console = new ConsolePage(page, testInfo);
  await console.open(process.env.PAXOSCOPE_E2E_URL!);
  const panel = page.locator('.checker-panel');

  await test.step('C opens the Checker panel in the timeline’s place', async () => {
    await page.keyboard.press('c');
    await expect(panel).toBeVisible();
    await expect(page.locator('section.timeline')).toBeHidden();
  });

  await test.step('start a 12 s run with pause and partition faults', async () => {
    const form = panel.getByRole('form', { name: 'checked run settings' });
    await form.getByLabel('clients').fill('4');
    await form.getByLabel('keys').fill('3');
    await form.getByLabel('rate /s').fill('40');
    await form.getByLabel('duration s').fill('12');
    await form.getByLabel('seed').fill('7');
    await form.getByLabel('pause').check();
    await form.getByLabel('partition').check();
    await console.snap('checker-form');
    await form.getByRole('button', { name: 'Start run' }).click();
    await expect(panel.locator('.checker-progress')).toHaveAttribute('data-status', 'running');
    await expect(panel.locator('.key-verdict')).toHaveCount(3);
  });

  await test.step('keys turn linearizable while it runs, and faults show as bands', async () => {
    await expect(panel.locator('.fault-band-label').first()).toBeVisible({ timeout: 10_000 });
    await expect(panel.locator('.key-verdict[data-verdict="linearizable"]').first()).toBeVisible({
      timeout: 20_000,
    });
    await console.snap('checker-running');
  });

  await test.step('after heal and settle, main’s check finds every key linearizable', async () => {
    await expect(panel.locator('.checker-final')).toHaveAttribute('data-verdict', 'ok', { timeout: 90_000 });
    await expect(panel.locator('.key-verdict[data-verdict="linearizable"]')).toHaveCount(3);
    await expect(panel.locator('.fault-band-label[data-open="false"]')).not.toHaveCount(0);
    expect(Number(await panel.locator('[data-count="ok"]').textContent())).toBeGreaterThan(50);
    await console.snap('checker-done');
  });

  await test.step('clicking an operation shows it', async () => {
    const canvas = panel.locator('.operation-timeline canvas');
    const box = (await canvas.boundingBox())!;
    // Lane c1 (the first, below the band labels), from a third of the way along: a paced client
    // leaves gaps between operations, so step right until a click lands on one.
    const details = panel.locator('.operation-details[data-operation]');
    for (let step = 0; step < 20 && (await details.count()) === 0; step += 1) {
      await canvas.click({ position: { x: 52 + (box.width - 52) / 3 + step * 5, y: 30 + 7 } });
    }
    await expect(details).toContainText('c1');
    await expect(panel.locator('.selected-operation')).toBeVisible();
    await console.snap('checker-operation');
  });

  await test.step('Save history downloads the JSON lines and the HTML view', async () => {
    const downloads: string[] = [];
    page.on('download', (download) => {
      const file = testInfo.outputPath(download.suggestedFilename());
      downloads.push(file);
      void download.saveAs(file);
    });
    await panel.getByRole('button', { name: 'Save history' }).click();
    await expect.poll(() => downloads.length).toBe(2);
    const historyFile = downloads.find((file) => file.endsWith('.history.jsonl'))!;
    await expect
      .poll(async () => (await readFile(historyFile, 'utf8').catch(() => '')).length)
      .toBeGreaterThan(0);
    const first = JSON.parse((await readFile(historyFile, 'utf8')).split('\n')[0]!) as Record<
      string,
      unknown
    >;
    expect(first).toHaveProperty('callMs');
    expect(downloads.some((file) => file.endsWith('.html'))).toBe(true);
  });

  await test.step('C closes the panel and the event timeline is back', async () => {
    await page.keyboard.press('c');
    await expect(panel).toBeHidden();
    await expect(page.locator('section.timeline')).toBeVisible();
  });
});
