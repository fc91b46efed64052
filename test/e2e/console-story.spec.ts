/**
 * Issue 7's story, in Debian's Chromium against the headless console and six real agents: the picture
 * comes up, a write is chosen on three replicas, nodes die and datacenters split, and both the picture
 * and the answers say why a write commits or why it cannot. A second test (hold mode) steps a write
 * through by clicks. Every step leaves a screenshot in the test's artifacts (test-results/e2e/...).
 */
import { expect, test } from '@playwright/test';
import { defaultTopology, nodeLocations, placementGroups } from '../../app/model/topology';
import { placeKey } from '../../app/paxos/placement';
import { ConsolePage } from './pages/console-page';
import { startFromRealAgents } from './support/known-state';

// Whatever the spec before left (a simulated cluster, a lesson, a partition), start from real agents.
test.describe.configure({ timeout: 180_000 });
test.beforeEach(() => startFromRealAgents());

const topology = defaultTopology();
const key = 'e2e-story';
const [replicaA, replicaB, replicaC] = placeKey(placementGroups(topology), key).replicas;
const datacenterOf = new Map(nodeLocations(topology).map((node) => [node.id, node.datacenterId]));
const datacenters = topology.datacenters.map((dc) => dc.id);
/** A restarted agent recovers from disk and answers its readiness probe; give a loaded machine time. */
const restartMs = 60_000;

test('a student can see why writes commit and why they cannot', async ({ page }, testInfo) => {
  const console = new ConsolePage(page, testInfo);
  await console.open(process.env.PAXOSCOPE_E2E_URL!);

  await test.step('six nodes are drawn, all up, and the group has its quorum', async () => {
    await expect(console.allNodes()).toHaveCount(6);
    for (const id of ['n0', 'n1', 'n2', 'n3', 'n4', 'n5']) await console.expectHealth(id, 'up');
    await expect(console.groupChip()).toHaveAttribute('data-quorum', 'available');
    await console.snap('six-nodes');
  });

  await test.step('a write through the UI is chosen on all three replicas in the PLog lens', async () => {
    const result = await console.runUntilOk('put', replicaA, key, 'first');
    await expect(result).toHaveAttribute('data-status', 'ok');
    await expect(page.locator('.lens-grid')).toHaveAttribute('data-key', key);
    const chosenCells = console.lensRow().locator('td[data-chosen="true"]');
    await expect(chosenCells).toHaveCount(3);
    for (const replica of [replicaA, replicaB, replicaC]) {
      await expect(console.lensRow().locator(`td[data-replica="${replica}"]`)).toContainText('first');
    }
    // The live caption narrates the protocol in a sentence that names the rule at work.
    await expect(page.getByRole('status', { name: 'caption' })).toContainText(
      /chosen at .*: a majority accepted it|accepts request|prepares|promises/,
    );
    await console.snap('first-write-chosen');
  });

  await test.step('a killed replica shows killed, and writes still succeed', async () => {
    await console.nodeAction(replicaC, 'Kill');
    await console.expectHealth(replicaC, 'killed');
    await expect(console.groupChip()).toHaveAttribute('data-quorum', 'degraded');
    const result = await console.runUntilOk('put', replicaA, key, 'second');
    await expect(result).toHaveAttribute('data-status', 'ok');
    await console.snap('one-replica-killed');
    await console.nodeAction(replicaC, 'Restart');
    await console.expectHealth(replicaC, 'up', restartMs);
  });

  const cutOffDc = datacenterOf.get(replicaA)!;
  await test.step('a write inside a cut-off datacenter fails plainly; on the other side it succeeds', async () => {
    await console.partitionAlone(cutOffDc, datacenters);
    await console.expectHealth(replicaA, 'cutOff');
    const cutOff = await console.run('put', replicaA, key, 'from the cut-off side');
    await expect(cutOff).toHaveAttribute('data-status', 'failed');
    await expect(cutOff).toContainText('No quorum reachable');
    const majority = await console.runUntilOk('put', replicaB, key, 'from the majority');
    await expect(majority).toHaveAttribute('data-status', 'ok');
    await console.snap('partitioned');
  });

  await test.step('after healing, the cut-off agent catches up and serves the new value', async () => {
    await console.healAll();
    await console.expectHealth(replicaA, 'up');
    const read = await console.runUntilOk('get', replicaA, key);
    await expect(read).toHaveAttribute('data-status', 'ok');
    await expect(read).toContainText('from the majority');
    await console.snap('healed-and-caught-up');
  });

  await test.step('with two replicas killed the group is blocked and a write explains why', async () => {
    await console.nodeAction(replicaB, 'Kill');
    await console.nodeAction(replicaC, 'Kill');
    await console.expectHealth(replicaB, 'killed');
    await console.expectHealth(replicaC, 'killed');
    await expect(console.groupChip()).toHaveAttribute('data-quorum', 'blocked');
    const result = await console.run('put', replicaA, key, 'no quorum');
    await expect(result).toHaveAttribute('data-status', 'failed');
    await expect(result).toContainText('No quorum reachable');
    await console.snap('two-replicas-killed');
    await console.nodeAction(replicaB, 'Restart');
    await console.nodeAction(replicaC, 'Restart');
    await console.expectHealth(replicaB, 'up', restartMs);
    await console.expectHealth(replicaC, 'up', restartMs);
    await expect(console.groupChip()).toHaveAttribute('data-quorum', 'available');
  });
});

test('hold mode: a held accept is delivered by a click and the write completes', async ({
  page,
}, testInfo) => {
  const console = new ConsolePage(page, testInfo);
  await console.open(process.env.PAXOSCOPE_E2E_URL!);
  // A write through A makes A the owner of the chosen value, so its next write takes the fast path.
  await console.runUntilOk('put', replicaA, key, 'before holding');
  await console.holdLink(replicaA);
  await expect(console.timersNote()).toHaveAttribute('data-timers', 'stopped');
  // Every agent's status says its protocol time stands still (the health probe reads it each second).
  await expect(page.locator('.protocol-time')).toHaveAttribute('data-stopped', '6');
  const write = await console.submit('put', replicaA, key, 'stepped through');
  const delivered: string[] = [];
  // Protocol time stands still while holding: no round times out, so what is held is the first round's
  // and the write waits, however long the person takes, until a click lets its messages go.
  while ((await write.getAttribute('data-status')) === 'pending' && delivered.length < 8) {
    const newest = console.heldItems().last();
    await expect(newest).toBeVisible();
    const id = await newest.getAttribute('data-message');
    delivered.push((await newest.getAttribute('data-type')) ?? '?');
    if (delivered.length === 1) await console.snap('held');
    await newest.getByRole('button', { name: 'deliver' }).click();
    await expect(console.heldItems().and(page.locator(`[data-message="${id}"]`))).toHaveCount(0);
  }
  await expect(write).toHaveAttribute('data-status', 'ok');
  expect(delivered.some((type) => type === 'accept' || type === 'fastAccept')).toBe(true);
  await console.snap('held-accept-delivered');
  await console.stopHoldingLinks();
  await console.dropAllHeld();
  await expect(page.locator('.held-tray')).toHaveCount(0);
  await expect(page.locator('.protocol-time')).toHaveCount(0);
  await console.snap('tray-empty');
});
