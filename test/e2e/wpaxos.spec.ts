/**
 * Issue 17 in Chromium against the headless console, on six real agents: a person starts a WPaxos
 * cluster from the cluster dialog, slows the links between datacenter 1 and n1's datacenter with the
 * fault panel's link control, writes an object from zone 1 (n0 steals it: the grid shows it in zone 1's
 * colour, the leader badge on n0), then writes it from n1 in zone 2 until zone 2 holds most of the
 * object's recent requests: n1 steals it, the grid shows it on n1 in zone 2's colour and the leader
 * badge moves to n1 with a higher ballot. The lens draws each round's Q1 and Q2 (who was asked, who
 * promised or accepted, complete or not) and animates the steal: the object's chip flies from zone 1 to
 * zone 2. Lens screenshots (`lens-*.png`) are kept beside the page's. The spec leaves the default
 * PaxosKV cluster running.
 */
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { startClusterOn, stopCluster } from './pages/cluster-controls';
import { ConsolePage } from './pages/console-page';
import { startFromRealAgents } from './support/known-state';

// Whatever the spec before left (a simulated cluster, a lesson, a partition), start from real agents.
test.beforeEach(() => startFromRealAgents());

const key = 'e2e-wpaxos';
/** Six agents spawn and recover; give a loaded machine time. */
const startMs = 90_000;
/** Extra one-way delay on the links between zone 1 (n0, n3) and n1 (zone 2), in ms. */
const delayMs = 150;

/** The fault panel's "Slow or lossy link" control: a delay rule on one directed link. */
async function slowLink(page: Page, from: string, to: string): Promise<void> {
  const panel = page.locator('.fault-panel');
  const control = panel.locator('details.fault-control', { hasText: 'Slow or lossy link' });
  if (!(await control.evaluate((element) => (element as HTMLDetailsElement).open)))
    await control.locator('summary').click();
  await control.getByLabel('link from').selectOption(from);
  await control.getByLabel('link to').selectOption(to);
  await control.getByLabel('delay ms').fill(String(delayMs));
  await control.getByRole('button', { name: 'Apply rule' }).click();
  await expect(page.locator('.faults-in-force')).toContainText(`${from} → ${to}: +${delayMs} ms`);
}

/** A screenshot of the PLog lens alone (the grid, the steal track and the rounds), attached to the report. */
async function snapLens(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`lens-${name}.png`);
  await page.locator('.plog-lens').screenshot({ path: file, animations: 'allow' });
  await testInfo.attach(`lens-${name}`, { path: file, contentType: 'image/png' });
}

test('requests from one zone move a WPaxos object there: the grid recolours it and the leader badge moves', async ({
  page,
}, testInfo) => {
  test.setTimeout(5 * 60_000);
  const console = new ConsolePage(page, testInfo);
  await console.open(process.env.PAXOSCOPE_E2E_URL!);
  await expect(console.allNodes()).toHaveCount(6);

  await test.step('a WPaxos cluster from the cluster dialog', async () => {
    await stopCluster(page);
    await startClusterOn(page, /WPaxos/, startMs);
    await expect(page.locator('.protocol-badge')).toHaveAttribute('data-protocol', 'wpaxos');
    await page.locator('#lens-key').fill(key);
    await expect(page.locator('.wpaxos-grid thead th')).toHaveCount(3);
    await console.snap('wpaxos-started');
  });

  await test.step('the links between zone 1 and n1 are slowed from the fault panel', async () => {
    for (const [from, to] of [
      ['n0', 'n1'],
      ['n1', 'n0'],
      ['n3', 'n1'],
      ['n1', 'n3'],
    ] as const)
      await slowLink(page, from, to);
    await console.snap('datacenter-links-slowed');
  });

  const object = page.locator(`.wpaxos-grid .wpaxos-object[data-object="${key}"]`);
  const badge = page.locator(`.topology-svg [data-node]:has(.leader-badge[data-leader-of~="${key}"])`);
  let firstBallot = 0;
  await test.step('a write from n0 (zone 1): n0 steals the object, the grid shows it in zone 1', async () => {
    const write = await console.runUntilOk('put', 'n0', key, 'from zone 1', 4);
    await expect(write).toHaveAttribute('data-status', 'ok');
    await expect(object).toHaveCount(1, { timeout: 15_000 });
    await expect(object).toHaveClass(/wpaxos-zone-0/);
    await expect(page.locator('.wpaxos-grid td[data-node="n0"] .wpaxos-object')).toHaveText(key);
    await expect(badge).toHaveAttribute('data-node', 'n0', { timeout: 15_000 });
    firstBallot = Number(await badge.locator('.leader-badge').getAttribute('data-view'));
    await console.snap('object-led-from-zone-1');
    // n0's steal was phase 1 over every zone (F = 0), its write phase 2 inside zone 1.
    const q1 = page.locator('.wpaxos-round[data-phase="1"]');
    await expect(q1).toHaveAttribute('data-state', 'complete', { timeout: 15_000 });
    await expect(q1).toHaveAttribute('data-ballot', String(firstBallot));
    await expect(q1.locator('td[data-vote="yes"], td[data-vote="leader"]')).toHaveCount(6);
    await expect(q1.locator('.wpaxos-round-status')).toContainText('Q1 complete');
    const q2 = page.locator('.wpaxos-round[data-phase="2"]');
    await expect(q2).toHaveAttribute('data-state', 'complete');
    // With F = 0 any one zone's two nodes are a Q2: the first zone whose both accepts reached n0.
    await expect(q2.locator('td.in-quorum')).toHaveCount(2);
    await expect(
      page.locator('.wpaxos-grid td[data-node="n3"] .wpaxos-cell-vote[data-round="Q2"]'),
    ).toHaveAttribute('data-vote', 'yes');
    await snapLens(page, testInfo, 'q1-q2-of-the-first-write');
  });

  await test.step('writes from n1 (zone 2): forwarded across the slow link until zone 2 steals the object', async () => {
    // The steal caught in flight: the lens as soon as the chip starts for zone 2 (it flies for 2.4 s).
    const inFlight = page
      .locator('.wpaxos-steal-chip[data-to-zone="1"]')
      .waitFor({ timeout: 120_000 })
      .then(() => snapLens(page, testInfo, 'steal-in-flight'));
    // The policy counts the object's last 10 applied requests: zone 2 needs more than half of them.
    for (let i = 0; i < 8 && (await badge.getAttribute('data-node').catch(() => null)) !== 'n1'; i += 1) {
      const write = await console.runUntilOk('put', 'n1', key, `from zone 2 #${i}`, 4);
      await expect(write).toHaveAttribute('data-status', 'ok');
      if (i === 0) await console.snap('zone-2-write-forwarded');
    }
    await expect(badge).toHaveAttribute('data-node', 'n1', { timeout: 15_000 });
    // The steal in flight: the chip leaves zone 1 in its colour and lands in zone 2.
    const chip = page.locator('.wpaxos-steal-chip');
    await expect(chip).toHaveAttribute('data-from-zone', '0');
    await expect(chip).toHaveAttribute('data-to-zone', '1');
    await inFlight;
    await expect(page.locator('.wpaxos-steal-caption')).toContainText(
      `${key} moved from zone 1 (n0) to zone 2 (n1)`,
    );
    const ballot = Number(await badge.locator('.leader-badge').getAttribute('data-view'));
    expect(ballot).toBeGreaterThan(firstBallot);
    await expect(object).toHaveClass(/wpaxos-zone-1/);
    await expect(page.locator('.wpaxos-grid td[data-node="n1"] .wpaxos-object')).toHaveText(key);
    await console.snap('object-stolen-by-zone-2');
    const q1 = page.locator('.wpaxos-round[data-phase="1"]');
    await expect(q1).toHaveAttribute('data-ballot', String(ballot));
    await expect(q1).toHaveAttribute('data-state', 'complete');
    await expect(q1.locator('td[data-vote="leader"]')).toHaveText(/n1/);
    await snapLens(page, testInfo, 'after-the-steal');
  });

  await test.step('back to PaxosKV, as the other specs expect', async () => {
    await console.healAll();
    await stopCluster(page);
    await startClusterOn(page, /PaxosKV/, startMs);
    await expect(page.locator('.protocol-badge')).toHaveAttribute('data-protocol', 'paxoskv');
  });
});
