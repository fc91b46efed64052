/**
 * Issue 15 item 4 on real agents, in Chromium against the headless console: a class picks "real
 * agents" in the lessons panel (a lesson that needs the simulator cannot be picked there), opens the
 * fast-path lesson, which starts six fresh agents, and plays it from the keyboard: each step runs live
 * on the agents, its story is their events' captions and its checks and answers are what they did.
 * The next spec starts from real agents again (support/known-state.ts resets the lesson's pace).
 */
import { expect, test } from '@playwright/test';
import { ConsolePage } from './pages/console-page';
import { startFromRealAgents } from './support/known-state';

// Whatever the spec before left (a simulated cluster, a lesson, a partition), start from real agents.
test.describe.configure({ timeout: 180_000 });
test.beforeEach(() => startFromRealAgents());

/** A step on real agents at a quarter pace on a loaded machine: writes, then a quiet wait. */
const stepMs = 60_000;

test('a class plays the fast-path lesson on real agents from the keyboard', async ({ page }, testInfo) => {
  const console = new ConsolePage(page, testInfo);
  await console.open(process.env.PAXOSCOPE_E2E_URL!);
  const panel = page.getByRole('region', { name: 'lessons' });
  const player = page.locator('.lesson-player');

  await test.step('pick real agents: a simulator-only lesson cannot be picked, the fast path can', async () => {
    await panel.getByText('Play a lesson on a simulated cluster or on real agents').click();
    await panel.getByRole('radio', { name: 'real agents' }).check();
    await expect(panel.getByRole('button', { name: /Dueling proposers/ })).toBeDisabled();
    await expect(panel.getByRole('button', { name: /A write on the fast path/ })).toBeEnabled();
    await console.snap('pick-real-agents');
  });

  await test.step('open it: fresh real agents, the lesson at its intro', async () => {
    await panel.getByRole('button', { name: /A write on the fast path/ }).click();
    await expect(player).toHaveAttribute('data-on', 'real-agents', { timeout: 90_000 });
    await expect(player).toHaveAttribute('data-kind', 'intro');
    await expect(page.getByTestId('cluster-kind')).toHaveText(/REAL AGENTS/);
    await expect(console.allNodes()).toHaveCount(6);
    for (const id of ['n0', 'n2', 'n4']) await console.expectHealth(id, 'up', 30_000);
    await console.snap('lesson-open-on-agents');
  });

  await test.step('space runs the first step live: the prepare, in the agents own events', async () => {
    await page.keyboard.press(' ');
    await expect(player).toHaveAttribute('data-kind', 'after', { timeout: stepMs });
    await expect(page.locator('.lesson-story')).toContainText('n0 prepares k1#1 with ballot b(1,3)');
    await expect(page.locator('.lesson-checks li.held').first()).toBeVisible();
    await expect(page.locator('.lesson-checks li.missed')).toHaveCount(0);
    await console.snap('first-step-on-agents');
  });

  await test.step('the question waits; the answer runs the step and reveals what the agents did', async () => {
    await page.keyboard.press(' ');
    await expect(page.locator('.lesson-question')).toHaveAttribute('data-waiting', 'true');
    await console.snap('question-waits');
    await page.keyboard.press('1');
    await expect(player).toHaveAttribute('data-kind', 'after', { timeout: stepMs });
    await expect(page.locator('.lesson-question')).toHaveAttribute('data-verdict', 'wrong');
    await expect(page.locator('.lesson-question li.truth')).toContainText('fast path');
    await expect(page.locator('.lesson-story')).toContainText('the fast path');
    await expect(page.locator('.lesson-checks li.missed')).toHaveCount(0);
    await console.snap('fast-path-revealed-on-agents');
  });

  await test.step('the read: answered right, every check held, then the lesson is closed', async () => {
    await page.keyboard.press(' ');
    await expect(page.locator('.lesson-question')).toHaveAttribute('data-waiting', 'true');
    await page.keyboard.press('2');
    await expect(player).toHaveAttribute('data-kind', 'after', { timeout: stepMs });
    await expect(page.locator('.lesson-question')).toHaveAttribute('data-verdict', 'right');
    await expect(page.locator('.lesson-checks li.missed')).toHaveCount(0);
    await console.snap('read-on-agents');
    await player.getByRole('button', { name: 'Close lesson' }).click();
    await expect(player).toHaveCount(0);
    await console.snap('lesson-closed-agents-stay');
  });
});
