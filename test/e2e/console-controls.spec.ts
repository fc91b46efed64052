/**
 * The console's own controls against the headless console and real agents: keyboard help, rewinding
 * while the cluster runs and returning to live, theme and presenter mode, and exporting the trace.
 * Nothing here changes the cluster.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { ConsolePage } from './pages/console-page';

test('help, rewind and return to live, theme, presenter, trace export', async ({ page }, testInfo) => {
  const console = new ConsolePage(page, testInfo);
  await console.open(process.env.PAXOSCOPE_E2E_URL!);
  await console.runUntilOk('put', 'n0', 'e2e-controls', 'something to rewind over');

  await test.step('? lists the shortcuts and Esc closes the list', async () => {
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'keyboard shortcuts' });
    await expect(help).toContainText('Return to live');
    await console.snap('help');
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();
  });

  await test.step('stepping back rewinds the picture, and L returns to live', async () => {
    const badge = page.locator('.mode-badge');
    await expect(badge).toHaveAttribute('data-mode', 'live');
    await page.keyboard.press('Shift+ArrowLeft');
    await expect(badge).toHaveAttribute('data-mode', 'rewind');
    await expect(badge).toContainText('REWIND');
    await console.snap('rewound');
    await page.keyboard.press('l');
    await expect(badge).toHaveAttribute('data-mode', 'live');
  });

  await test.step('T switches the theme and P the presenter type, and both switch back', async () => {
    const root = page.locator('html');
    const theme = await root.getAttribute('data-theme');
    await page.keyboard.press('t');
    await expect(root).not.toHaveAttribute('data-theme', theme ?? '');
    await page.keyboard.press('p');
    await expect(root).toHaveClass(/presenter/);
    await console.snap('other-theme-presenter');
    await page.keyboard.press('p');
    await page.keyboard.press('t');
    await expect(root).toHaveAttribute('data-theme', theme ?? '');
    await expect(root).not.toHaveClass(/presenter/);
  });

  await test.step('Export trace saves the recorded events as JSON lines', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export trace' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.jsonl$/);
    const file = testInfo.outputPath('trace.jsonl');
    await download.saveAs(file);
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines.length).toBeGreaterThan(10);
    expect(JSON.parse(lines[0]!)).toHaveProperty('agent');
  });
});
