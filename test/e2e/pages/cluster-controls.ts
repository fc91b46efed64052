/**
 * The header's cluster controls and the cluster dialog as the specs use them: stop the cluster, start
 * it on another protocol, and give the real agents back after a simulation.
 */
import { expect, type Locator, type Page } from '@playwright/test';

/** The header's controls; data-phase says stopped, running or failed. */
export function clusterControls(page: Page): Locator {
  return page.locator('.cluster-controls');
}

/** Clicks "Stop cluster" and waits until the cluster has stopped. */
export async function stopCluster(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Stop cluster' }).click();
  await expect(clusterControls(page)).toHaveAttribute('data-phase', 'stopped', { timeout: 30_000 });
}

/** Opens the cluster dialog ("More…") and returns it, for the caller to fill in. */
export async function openClusterDialog(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'More…' }).click();
  return page.getByRole('dialog', { name: 'start or attach a cluster' });
}

/** Starts a stopped cluster on the protocol whose label matches, from the dialog; waits until it runs. */
export async function startClusterOn(page: Page, protocolLabel: RegExp, timeoutMs: number): Promise<void> {
  const dialog = await openClusterDialog(page);
  await dialog
    .getByRole('radiogroup', { name: 'protocol' })
    .getByRole('radio', { name: protocolLabel })
    .click();
  await dialog.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(clusterControls(page)).toHaveAttribute('data-phase', 'running', { timeout: timeoutMs });
}

/**
 * Starts the real agents again once a simulation has stopped. Six agents must each answer within 15 s;
 * on a loaded machine one may not, so a person tries a second time.
 */
export async function startRealAgentsAgain(page: Page, timeoutMs: number): Promise<void> {
  const controls = clusterControls(page);
  for (let attempt = 1; attempt <= 2; attempt += 1) {
    await page.getByRole('button', { name: 'Start cluster' }).click();
    await expect(controls).toHaveAttribute('data-phase', /^(running|failed)$/, { timeout: timeoutMs });
    if ((await controls.getAttribute('data-phase')) === 'running') break;
  }
  await expect(controls).toHaveAttribute('data-phase', 'running');
}
