/**
 * Issue 7's story, in Debian's Chromium against the headless console and six real agents: the picture
 * comes up, a write goes through the UI, nodes die and the picture and the answers say why writes
 * still succeed or why they cannot. Every step leaves a screenshot in the test's artifacts.
 */
import { expect, test } from '@playwright/test';
import { defaultTopology, placementGroups } from '../../app/model/topology';
import { placeKey } from '../../app/paxos/placement';
import { ConsolePage } from './pages/console-page';

const key = 'e2e-story';
const [replicaA, replicaB, replicaC] = placeKey(placementGroups(defaultTopology()), key).replicas;

test.describe.configure({ mode: 'serial' });

test('a student can see why writes commit and why they cannot', async ({ page }, testInfo) => {
  const console = new ConsolePage(page, testInfo);
  await console.open(process.env.PAXOSCOPE_E2E_URL!);

  await test.step('six nodes are drawn, all up, and the group has its quorum', async () => {
    await expect(console.allNodes()).toHaveCount(6);
    for (const id of ['n0', 'n1', 'n2', 'n3', 'n4', 'n5']) await console.expectHealth(id, 'up');
    await expect(console.groupChip()).toHaveAttribute('data-quorum', 'available');
    await console.snap('six-nodes');
  });

  await test.step('a write through the UI is chosen', async () => {
    const result = await console.run('put', replicaA, key, 'first');
    await expect(result).toHaveAttribute('data-status', 'ok');
    await expect(result).toContainText('version 1');
    await console.snap('first-write');
  });

  await test.step('killing one replica shows it killed, the group degraded, and writes still succeed', async () => {
    await console.nodeAction(replicaB, 'Kill');
    await console.expectHealth(replicaB, 'killed');
    await expect(console.groupChip()).toHaveAttribute('data-quorum', 'degraded');
    const result = await console.run('put', replicaA, key, 'second');
    await expect(result).toHaveAttribute('data-status', 'ok');
    await expect(result).toContainText('version 2');
    await console.snap('one-replica-killed');
  });

  await test.step('killing a second replica blocks the group and the write explains why', async () => {
    await console.nodeAction(replicaC, 'Kill');
    await console.expectHealth(replicaC, 'killed');
    await expect(console.groupChip()).toHaveAttribute('data-quorum', 'blocked');
    const result = await console.run('put', replicaA, key, 'third');
    await expect(result).toHaveAttribute('data-status', 'failed');
    await expect(result).toContainText('No quorum reachable');
    await console.snap('two-replicas-killed');
  });

  await test.step('restarting both brings the quorum back and the key can be written again', async () => {
    await console.nodeAction(replicaB, 'Restart');
    await page.getByRole('button', { name: 'Undo (restart)' }).last().click();
    await console.expectHealth(replicaB, 'up');
    await console.expectHealth(replicaC, 'up');
    await expect(console.groupChip()).toHaveAttribute('data-quorum', 'available');
    await expect
      .poll(async () => (await console.run('put', replicaA, key, 'fourth')).getAttribute('data-status'), {
        timeout: 30_000,
      })
      .toBe('ok');
    await console.snap('restarted');
  });
});
