/**
 * Issue 15 items 1–2 in Chromium against the headless console: a class stops the real agents and opens
 * a simulated cluster from the cluster dialog (the header says SIMULATED with its seed), writes from
 * the client console while the run goes free, pauses, steps, steps back, branches, steps on the new
 * branch and switches back by clicking the branch tree; a `#sim=` address opens a scenario paused.
 * The spec leaves the real six-agent cluster running, as it found it.
 */
import { expect, test, type Page } from '@playwright/test';
import { defaultTopology, placementGroups } from '../../app/model/topology';
import { placeKey } from '../../app/paxos/placement';
import { scenarioToFragment } from '../../app/simulator/scenario-share';
import { openClusterDialog, startRealAgentsAgain, stopCluster } from './pages/cluster-controls';
import { ConsolePage } from './pages/console-page';
import { startFromRealAgents } from './support/known-state';

// Whatever the spec before left (a simulated cluster, a lesson, a partition), start from real agents.
test.beforeEach(() => startFromRealAgents());

const seed = 4242;
/** The shared scenario writes through the key's first replica, so its picture has the write's messages. */
const sharedReplica = placeKey(placementGroups(defaultTopology()), 'shared').replicas[0]!;
/** Six agents spawn and recover when the spec gives the real cluster back; give a loaded machine time. */
const agentsStartMs = 90_000;

function stepShown(page: Page) {
  return page.getByTestId('sim-step');
}

async function stepNumber(page: Page): Promise<number> {
  return Number(await stepShown(page).textContent());
}

async function act(page: Page, name: string | RegExp): Promise<void> {
  await page
    .locator('.simulation-panel')
    .getByRole('button', { name, exact: typeof name === 'string' })
    .click();
}

test('a class opens a simulated cluster, writes, steps, steps back, branches and switches branch', async ({
  page,
}, testInfo) => {
  test.setTimeout(5 * 60_000);
  const console = new ConsolePage(page, testInfo);
  await console.open(process.env.PAXOSCOPE_E2E_URL!);
  await expect(page.getByTestId('cluster-kind')).toHaveText('REAL AGENTS');

  await test.step('open a simulated cluster from the dialog', async () => {
    await stopCluster(page);
    const dialog = await openClusterDialog(page);
    await dialog.getByRole('radio', { name: 'Simulated' }).click();
    await dialog.getByLabel('seed').fill(String(seed));
    await dialog.getByRole('button', { name: 'Start', exact: true }).click();
    await expect(page.getByTestId('cluster-kind')).toHaveText(`SIMULATED seed ${seed}`);
    await expect(page.locator('.cluster-controls')).toHaveAttribute('data-mode', 'simulated');
    await expect(console.allNodes()).toHaveCount(6);
    await expect(page.locator('.simulation-panel')).toBeVisible();
    await console.expectHealth('n0', 'up');
    await console.snap('simulated-cluster-open');
  });

  await test.step('write and read from the client console while the run goes free', async () => {
    const write = await console.runUntilOk('put', 'n1', 'k1', 'sim-v1');
    await expect(write).toHaveAttribute('data-status', 'ok');
    const read = await console.runUntilOk('get', 'n4', 'k1');
    await expect(read).toContainText('sim-v1');
    await expect(page.locator('.sim-invariants li.broken')).toHaveCount(0);
    await expect(page.locator('.sim-invariants li.ok').first()).toBeVisible();
    await console.snap('write-and-read');
  });

  await test.step('pause, then step one event at a time', async () => {
    await act(page, 'Pause');
    await expect(page.locator('.sim-clock')).toHaveAttribute('data-running', 'false');
    const before = await stepNumber(page);
    await act(page, 'Step ▶');
    await expect(stepShown(page)).toHaveText(String(before + 1));
    await act(page, 'Step ▶');
    await act(page, 'Step ▶');
    await expect(stepShown(page)).toHaveText(String(before + 3));
    await console.snap('stepped');
  });

  let branchPoint = 0;
  await test.step('step back, then branch from the earlier point', async () => {
    const at = await stepNumber(page);
    await act(page, '◀ Back');
    await expect(stepShown(page)).toHaveText(String(at - 1));
    await act(page, '◀ Back');
    branchPoint = at - 2;
    await expect(stepShown(page)).toHaveText(String(branchPoint));
    await expect(page.locator('.sim-clock')).toContainText('2 ahead, undone');
    await console.snap('stepped-back');
    await act(page, 'Branch here');
    await expect(page.locator('.sim-branches [data-branch]')).toHaveCount(2);
    await expect(page.locator('.sim-branches [data-branch="2"]')).toHaveAttribute('aria-current', 'true');
    await expect(page.getByTestId('share-scope')).toContainText('on this branch only');
    // A write on the new branch enters the run as a client input at the present simulated time.
    await act(page, 'Run');
    const write = await console.runUntilOk('put', 'n1', 'k1', 'branch-2');
    await expect(write).toHaveAttribute('data-status', 'ok');
    await act(page, 'Pause');
    await console.snap('branch-2-written');
  });

  await test.step('switch back to the first branch by clicking the tree', async () => {
    await page.locator('.sim-branches [data-branch="1"]').click();
    await expect(page.locator('.sim-branches [data-branch="1"]')).toHaveAttribute('aria-current', 'true');
    await expect(stepShown(page)).toHaveText(String(branchPoint + 2));
    await page.locator('.sim-branches [data-branch="2"]').click();
    await expect(page.locator('.sim-branches [data-branch="2"]')).toHaveAttribute('aria-current', 'true');
    await page.locator('.sim-branches [data-branch="1"]').click();
    await expect(stepShown(page)).toHaveText(String(branchPoint + 2));
    await console.snap('branch-1-again');
  });

  await test.step('run until a condition', async () => {
    await page.getByLabel('run until condition').fill('quiet');
    await page.locator('.simulation-panel').getByRole('button', { name: 'Go' }).click();
    await expect(page.getByTestId('sim-last-run')).toContainText('quiet after');
    await console.snap('ran-until-quiet');
  });

  await test.step('jump back 100 events, then fire a timer from the list', async () => {
    const at = await stepNumber(page);
    await act(page, '◀◀ 100');
    await expect(stepShown(page)).toHaveText(String(Math.max(0, at - 100)));
    const now = Number(await page.getByTestId('sim-now').textContent());
    // Acting in the past starts a branch; the timer moves simulated time to when it fires.
    await page.locator('[aria-label="pending timers"] button').last().click();
    await expect(page.getByTestId('sim-now')).not.toHaveText(String(now));
    await expect(page.locator('.sim-branches [data-branch]')).toHaveCount(3);
    await console.snap('jumped-back-and-fired-timer');
  });

  await test.step('a shared scenario in the address opens paused at its end', async () => {
    const fragment = scenarioToFragment({
      seed: 77,
      inputs: [
        { kind: 'client', node: sharedReplica, op: { kind: 'put', key: 'shared', value: 'from-url' } },
        { kind: 'advance', toMs: 40 },
      ],
    });
    await page.goto(`${process.env.PAXOSCOPE_E2E_URL!}${fragment}`);
    await expect(page.getByTestId('cluster-kind')).toHaveText('SIMULATED seed 77', { timeout: 20_000 });
    await expect(page.locator('.sim-clock')).toHaveAttribute('data-running', 'false');
    await expect(page.getByTestId('sim-now')).toHaveText('40');
    await console.snap('scenario-from-url');
  });

  await test.step('give the real agents back, as the other specs expect', async () => {
    await act(page, 'Stop simulation');
    await expect(page.locator('.cluster-controls')).toHaveAttribute('data-phase', 'stopped', {
      timeout: 30_000,
    });
    await startRealAgentsAgain(page, agentsStartMs);
    await expect(page.getByTestId('cluster-kind')).toHaveText('REAL AGENTS');
    for (const node of ['n0', 'n1', 'n2', 'n3', 'n4', 'n5']) await console.expectHealth(node, 'up', 30_000);
    await console.snap('real-agents-again');
  });
});
