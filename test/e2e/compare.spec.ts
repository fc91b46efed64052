/**
 * The Checker panel's protocol comparison against the headless console and real agents: PaxosKV and
 * QuorumKV each run the same 12 s workload and partition schedule on a fresh cluster of their own,
 * their availability lands on one chart over the shared fault bands, and the table gives each its
 * figures and verdict. The console's own cluster keeps serving throughout.
 */
import { expect, test } from '@playwright/test';
import { ConsolePage } from './pages/console-page';
import { startFromRealAgents } from './support/known-state';

// Whatever the spec before left (a simulated cluster, a lesson, a partition), start from real agents.
test.describe.configure({ timeout: 240_000 });
test.beforeEach(() => startFromRealAgents());

test('compare PaxosKV and QuorumKV under a partition: one chart, one table', async ({ page }, testInfo) => {
  const console = new ConsolePage(page, testInfo);
  await console.open(process.env.PAXOSCOPE_E2E_URL!);
  const panel = page.locator('.checker-panel');

  await test.step('C opens the Checker panel; switch it to Compare protocols', async () => {
    await page.keyboard.press('c');
    await expect(panel).toBeVisible();
    await panel.getByRole('radio', { name: 'Compare protocols' }).click();
    await expect(panel.getByRole('form', { name: 'comparison settings' })).toBeVisible();
  });

  await test.step('pick PaxosKV and QuorumKV, a partition nemesis, 12 s each, seed 7', async () => {
    const form = panel.getByRole('form', { name: 'comparison settings' });
    // Every protocol of the registry is offered, all ticked; keep two.
    const protocols = form.getByRole('group', { name: 'protocols' }).getByRole('checkbox');
    expect(await protocols.count()).toBeGreaterThanOrEqual(3);
    for (const box of await protocols.all()) {
      const name = (await box.evaluate((input) => input.parentElement?.textContent ?? '')).trim();
      await expect(box).toBeChecked();
      if (name !== 'paxoskv' && name !== 'quorumkv') await box.uncheck();
    }
    await expect(protocols.and(page.locator(':checked'))).toHaveCount(2);
    await expect(form.getByLabel('partition')).toBeChecked();
    await form.getByLabel('duration s').fill('12');
    await form.getByLabel('rate /s').fill('60');
    await form.getByLabel('seed').fill('7');
    await expect(form).toContainText('Your cluster is left as it is');
    await console.snap('compare-form');
    await form.getByRole('button', { name: 'Compare' }).click();
    await expect(panel.locator('.comparison-progress')).toHaveAttribute('data-status', 'running');
    await expect(form.getByRole('button', { name: 'Compare' })).toBeDisabled();
  });

  const table = panel.getByRole('table', { name: 'comparison table' });
  const chart = panel.getByRole('img', { name: 'availability chart' });

  await test.step('PaxosKV runs first: its line grows and the partition shows as a band', async () => {
    await expect(table.locator('tr[data-protocol="paxoskv"]')).toHaveAttribute('data-status', 'running', {
      timeout: 40_000,
    });
    await expect(table.locator('tr[data-protocol="quorumkv"]')).toHaveAttribute('data-status', 'waiting');
    await expect(chart.locator('.comparison-fault-band').first()).toBeAttached({ timeout: 15_000 });
    await expect(chart.locator('[data-protocol="paxoskv"] circle')).not.toHaveCount(0);
    await console.snap('compare-running');
  });

  await test.step('both done: a line per protocol, a verdict per protocol, the console’s cluster untouched', async () => {
    await expect(panel.locator('.comparison-progress')).toHaveAttribute('data-status', 'done', {
      timeout: 100_000,
    });
    for (const protocol of ['paxoskv', 'quorumkv']) {
      const row = table.locator(`tr[data-protocol="${protocol}"]`);
      await expect(row).toHaveAttribute('data-status', 'done');
      await expect(row.locator('.comparison-verdict')).toHaveAttribute('data-verdict', /ok|violation/);
      // Most of 12 s of buckets had calls, so most have a point.
      expect(await chart.locator(`[data-protocol="${protocol}"] circle`).count()).toBeGreaterThan(20);
    }
    await expect(table.locator('tr[data-protocol="paxoskv"] .comparison-verdict')).toHaveText('linearizable');
    await expect(panel.locator('.chart-legend')).toContainText('quorumkv');
    await expect(chart).toContainText('seconds since the workload started');
    await console.expectHealth('n0', 'up');
    await console.snap('compare-done');
  });
});
