/**
 * Issue 14 in Chromium against the headless console: a person stops the cluster, starts it again on
 * QuorumKV and on multi-Paxos from the cluster dialog, and writes through the client console; the header says
 * which protocol runs and each answer says how it completed. On multi-Paxos the topology badges the
 * leader and the lens shows the slot log; killing the leader moves the badge to a higher view and writes
 * go on. The spec leaves the default PaxosKV cluster running, as it found it.
 */
import { expect, test } from '@playwright/test';
import { defaultTopology, placementGroups } from '../../app/model/topology';
import { placeKey } from '../../app/paxos/placement';
import { startClusterOn, stopCluster } from './pages/cluster-controls';
import { ConsolePage } from './pages/console-page';
import { startFromRealAgents } from './support/known-state';

// Whatever the spec before left (a simulated cluster, a lesson, a partition), start from real agents.
test.beforeEach(() => startFromRealAgents());

const key = 'e2e-protocols';
const [replicaA] = placeKey(placementGroups(defaultTopology()), key).replicas;
/** Six agents spawn and recover; give a loaded machine time. */
const startMs = 90_000;

test('a class switches the cluster to QuorumKV and to multi-Paxos, writes on each, and switches back', async ({
  page,
}, testInfo) => {
  test.setTimeout(6 * 60_000);
  const console = new ConsolePage(page, testInfo);
  await console.open(process.env.PAXOSCOPE_E2E_URL!);
  await expect(console.allNodes()).toHaveCount(6);

  await test.step('QuorumKV: the header marks it, and a write completes on two of three replicas', async () => {
    await stopCluster(page);
    await startClusterOn(page, /QuorumKV/, startMs);
    await expect(page.locator('.protocol-badge')).toHaveAttribute('data-protocol', 'quorumkv');
    const write = await console.runUntilOk('put', replicaA!, key, 'nwr');
    await expect(write).toHaveAttribute('data-status', 'ok');
    await expect(write).toContainText('W=2 / R=2 replicas answered');
    const read = await console.runUntilOk('get', replicaA!, key);
    await expect(read).toContainText('nwr');
    // The lens shows each replica's own copy: all three took version 1 (the third asynchronously).
    const copies = page.locator('.replica-copies tbody tr');
    await expect(copies).toHaveCount(3);
    for (const row of await copies.all()) await expect(row).toContainText(/v1 by n\d .*"nwr"/);
    await console.snap('quorumkv-write-and-read');
  });

  await test.step('multi-Paxos: a write is ordered in the leader log, whichever replica takes it', async () => {
    await stopCluster(page);
    await startClusterOn(page, /Multi-Paxos/, startMs);
    await expect(page.locator('.protocol-badge')).toHaveAttribute('data-protocol', 'multipaxos');
    // The first view needs a leader elected; a write before that may time out, so retry.
    const write = await console.runUntilOk('put', replicaA!, key, 'slot', 8);
    await expect(write).toHaveAttribute('data-status', 'ok');
    await expect(write).toContainText("ordered in the leader's log");
    await console.snap('multipaxos-write');
  });

  let leader = '';
  let view = 0;
  await test.step('multi-Paxos: the topology badges the leader, the lens shows its view and the slot log', async () => {
    const badged = page.locator('.topology-svg [data-node]:has(.leader-badge)');
    await expect(badged).toHaveCount(1, { timeout: 15_000 });
    leader = (await badged.getAttribute('data-node'))!;
    view = Number(await badged.locator('.leader-badge').getAttribute('data-view'));
    await expect(badged.locator('.leader-badge')).toContainText(`leader v${view}`);
    await page.locator('#lens-key').fill(key);
    const summary = page.locator('.slot-summary');
    await expect(summary).toHaveAttribute('data-leader', leader, { timeout: 10_000 });
    await expect(summary).toHaveAttribute('data-view', String(view));
    // Six members, each with its copy of the log; the write is a chosen slot on a majority at least.
    await expect(page.locator('.slot-grid thead th[data-member]')).toHaveCount(6);
    const writeRow = page.locator('.slot-grid tbody tr', { hasText: `put ${key}` }).last();
    const chosenOn = writeRow.locator('.slot-cell[data-state="chosen"]');
    await expect.poll(() => chosenOn.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
    await console.snap('multipaxos-leader-and-slot-log');
  });

  await test.step('multi-Paxos: the leader is killed, the next member takes a higher view, writes go on', async () => {
    await console.nodeAction(leader, 'Kill');
    await console.expectHealth(leader, 'killed');
    await console.snap('multipaxos-leader-killed');
    const badged = page.locator('.topology-svg [data-node]:has(.leader-badge)');
    // The old leader keeps its badge until a member wins a higher view; then the badge moves.
    await expect(badged).not.toHaveAttribute('data-node', leader, { timeout: 45_000 });
    const next = (await badged.getAttribute('data-node'))!;
    const nextView = Number(await badged.locator('.leader-badge').getAttribute('data-view'));
    expect(nextView).toBeGreaterThan(view);
    await expect(page.locator('.slot-summary')).toHaveAttribute('data-leader', next, { timeout: 10_000 });
    const through = placeKey(placementGroups(defaultTopology()), key).replicas.find(
      (node) => node !== leader,
    )!;
    const write = await console.runUntilOk('put', through, key, 'after-view-change', 8);
    await expect(write).toHaveAttribute('data-status', 'ok');
    // The new write's slot is chosen in the new view on a majority of the five members still up.
    const newRow = page.locator('.slot-grid tbody tr', { hasText: `put ${key}` }).last();
    const chosenInNewView = newRow.locator(`.slot-cell[data-state="chosen"][data-view="${nextView}"]`);
    await expect.poll(() => chosenInNewView.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    await expect(page.locator(`.slot-grid thead th[data-member="${leader}"]`)).toContainText('down');
    await console.snap('multipaxos-new-leader-writes');
  });

  await test.step('back to PaxosKV, as the other specs expect', async () => {
    await stopCluster(page);
    await startClusterOn(page, /PaxosKV/, startMs);
    await expect(page.locator('.protocol-badge')).toHaveAttribute('data-protocol', 'paxoskv');
    await console.snap('paxoskv-again');
  });
});
