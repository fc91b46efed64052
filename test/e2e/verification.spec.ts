/**
 * Full-data verification in the console (docs/data-verification.md): a value written through the UI
 * is corrupted on one replica's disk from the fault panel, and that node's inspector shows its
 * verifier finding the copy that differs and repairing it.
 */
import { expect, test } from '@playwright/test';
import { defaultTopology, placementGroups } from '../../app/model/topology';
import { placeKey } from '../../app/paxos/placement';
import { ConsolePage } from './pages/console-page';
import { startFromRealAgents } from './support/known-state';

// Whatever the spec before left (a simulated cluster, a lesson, a partition), start from real agents.
test.describe.configure({ timeout: 120_000 });
test.beforeEach(() => startFromRealAgents());

const key = 'e2e-verify';
const [replicaA, , replicaC] = placeKey(placementGroups(defaultTopology()), key).replicas;

test('a corrupted stored value is found and repaired, and the inspector counts it', async ({
  page,
}, testInfo) => {
  const console = new ConsolePage(page, testInfo);
  await console.open(process.env.PAXOSCOPE_E2E_URL!);
  await console.runUntilOk('put', replicaA!, key, 'hello verifier');
  const panel = page.locator('.fault-panel');
  const verification = page.locator('.node-inspector [data-verification]');

  await test.step("the replica's inspector shows its verifier at work, nothing repaired", async () => {
    await panel.locator(`tr[data-node="${replicaC}"] th button`).click();
    await expect(verification).toContainText(/keys verified · 0 divergences · 0 repairs/, {
      timeout: 20_000,
    });
    await expect(verification).toContainText('20 keys/s');
    await console.snap('inspector-before');
  });

  await test.step('Corrupt a stored value flips a byte on its disk; the verifier repairs it', async () => {
    await panel.getByText('Corrupt a stored value').click();
    await panel.getByLabel('corrupt on node').selectOption(replicaC!);
    await panel.getByLabel('key to corrupt').fill(key);
    await panel.getByRole('button', { name: 'Corrupt', exact: true }).click();
    await expect(page.getByText(`Corrupted ${replicaC}'s stored copy of ${key}`)).toBeVisible();
    await expect(verification).toContainText(/1 divergence · 1 repair /, { timeout: 30_000 });
    // The live caption tells the class what the verifier found and did.
    await expect(page.getByRole('status', { name: 'caption' })).toContainText(
      // Said by the replica that repaired or by another that compared with it, whichever spoke last.
      new RegExp(
        `verifies its stored data: ${replicaC}'s stored copy of ${key}#1 differs from the copies on`,
      ),
      { timeout: 15_000 },
    );
    await console.snap('inspector-repaired');
  });
});
