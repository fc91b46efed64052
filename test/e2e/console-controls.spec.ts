/**
 * The console's own controls against the headless console and real agents: keyboard help, rewinding
 * while the cluster runs and returning to live, theme and presenter mode, exporting the trace and
 * viewing it (and one with its own topology) in place of live, and the protocol pace (set back to real
 * time at the end). Nothing else here changes the cluster.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { ConsolePage } from './pages/console-page';
import { startFromRealAgents } from './support/known-state';

// Whatever the spec before left (a simulated cluster, a lesson, a partition), start from real agents.
test.describe.configure({ timeout: 180_000 });
test.beforeEach(() => startFromRealAgents());

test('help, rewind and return to live, theme, presenter, trace export and import', async ({
  page,
}, testInfo) => {
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

  const exported = testInfo.outputPath('trace.jsonl');
  await test.step('Export trace saves the topology and the recorded events as JSON lines', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export trace' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.jsonl$/);
    await download.saveAs(exported);
    const lines = (await readFile(exported, 'utf8')).trim().split('\n');
    expect(lines.length).toBeGreaterThan(10);
    const header = JSON.parse(lines[0]!) as { format: string; topology: { datacenters: unknown[] } };
    expect(header.format).toBe('paxoscope-trace');
    expect(header.topology.datacenters).toHaveLength(3);
    expect(JSON.parse(lines[1]!)).toHaveProperty('agent');
  });

  await test.step('Importing the exported file shows it in place of live, with its nodes', async () => {
    await importFile(page, exported);
    const badge = page.locator('.mode-badge');
    await expect(badge).toHaveAttribute('data-mode', 'trace');
    await expect(badge).toContainText('trace.jsonl');
    await expect(console.allNodes()).toHaveCount(6);
    await console.snap('trace-imported');
    await page.keyboard.press('l');
    await expect(badge).toHaveAttribute('data-mode', 'live');
  });

  await test.step('An imported trace is drawn on its own topology, and live comes back after', async () => {
    const renamed = testInfo.outputPath('elsewhere.jsonl');
    await writeFile(
      renamed,
      withDatacenterNames(await readFile(exported, 'utf8'), ['Lisbon', 'Oslo', 'Kyoto']),
    );
    await importFile(page, renamed);
    const labels = page.locator('.topology-svg .dc-label');
    await expect(labels).toContainText(['dc1 · Lisbon', 'dc2 · Oslo', 'dc3 · Kyoto']);
    await expect(console.allNodes()).toHaveCount(6);
    await console.snap('trace-own-topology');
    await page.getByRole('button', { name: 'Return to live' }).click();
    await expect(page.locator('.mode-badge')).toHaveAttribute('data-mode', 'live');
    await expect(labels).toContainText(['dc1', 'dc2', 'dc3']);
    await expect(labels.filter({ hasText: 'Lisbon' })).toHaveCount(0);
  });

  await test.step("Protocol pace ⅕ slows every agent's timers, shown per node; a write still completes", async () => {
    const pace = page.locator('.fault-panel').getByRole('group', { name: 'protocol pace' });
    const protocolTime = page.locator('.fault-panel .protocol-time');
    const inspectedRate = page.locator('.node-inspector [data-protocol-rate]');
    await pace.getByRole('button', { name: '⅕' }).click();
    await expect(pace.getByRole('button', { name: '⅕' })).toHaveAttribute('aria-pressed', 'true');
    // Each agent's status reports the rate in force (the health probe reads it every second).
    await expect(protocolTime).toContainText('Protocol time ×0.2 on every agent');
    await page.locator('.fault-panel tr[data-node="n1"] th button').click();
    await expect(inspectedRate).toHaveAttribute('data-protocol-rate', '0.2');
    await expect(inspectedRate).toContainText('×0.2 real time');
    await protocolTime.scrollIntoViewIfNeeded();
    await console.snap('protocol-pace-fifth');
    const write = await console.runUntilOk('put', 'n1', 'e2e-pace', 'written in slow motion');
    await expect(write).toHaveAttribute('data-status', 'ok');
    await page.keyboard.press('{');
    await expect(pace.getByRole('button', { name: '1/10' })).toHaveAttribute('aria-pressed', 'true');
    await pace.getByRole('button', { name: 'real time' }).click();
    await expect(protocolTime).toHaveCount(0);
    await expect(inspectedRate).toHaveAttribute('data-protocol-rate', '1');
    await console.snap('protocol-pace-real-time');
  });
});

/** Picks a file in the header's hidden file input, as Import trace's file dialog would. */
async function importFile(page: Page, path: string): Promise<void> {
  await page.locator('.app-header input[type="file"]').setInputFiles(path);
}

/** The same trace with names given to its datacenters in the header, so its picture differs from live. */
function withDatacenterNames(text: string, names: string[]): string {
  const [headerLine, ...rest] = text.split('\n');
  const header = JSON.parse(headerLine!) as { topology: { datacenters: { name?: string }[] } };
  header.topology.datacenters.forEach((dc, i) => (dc.name = names[i]));
  return [JSON.stringify(header), ...rest].join('\n');
}
