/**
 * The console as a person uses it, for the specs: find nodes by id and read their health, run KV
 * operations from the client console and read their answers, use a node's context menu, read the PLog
 * lens and the group's quorum, and keep a screenshot of every step.
 */
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';

export type OperationKind = 'put' | 'get' | 'delete' | 'cas';

export class ConsolePage {
  private step = 0;

  constructor(
    readonly page: Page,
    private readonly testInfo: TestInfo,
  ) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.page.locator('[data-connection="open"]')).toBeVisible();
  }

  /** Saves a screenshot named after the step, kept with the test's artifacts. */
  async snap(name: string): Promise<void> {
    this.step += 1;
    const file = this.testInfo.outputPath(`${String(this.step).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file });
    await this.testInfo.attach(name, { path: file, contentType: 'image/png' });
  }

  node(id: string): Locator {
    return this.page.locator(`.topology-svg [data-node="${id}"]`);
  }

  allNodes(): Locator {
    return this.page.locator('.topology-svg [data-node]');
  }

  async expectHealth(id: string, health: string): Promise<void> {
    await expect(this.node(id)).toHaveAttribute('data-health', health);
  }

  groupChip(groupId = 'g1'): Locator {
    return this.page.locator(`.group-chip[data-group="${groupId}"]`);
  }

  /** Runs an operation from the client console and returns its entry in the results list. */
  async run(kind: OperationKind, nodeId: string, key: string, value = ''): Promise<Locator> {
    const form = this.page.locator('.client-console');
    await form.getByRole('radio', { name: kind, exact: true }).click();
    await form.getByLabel('agent').selectOption(nodeId);
    await form.getByLabel('key', { exact: true }).fill(key);
    if (kind === 'put' || kind === 'cas') await form.getByLabel('value', { exact: true }).fill(value);
    const before = await this.operations().count();
    await form.getByRole('button', { name: 'Send' }).click();
    await expect(this.operations()).toHaveCount(Math.min(before + 1, 30));
    const entry = this.operations().first();
    await expect(entry).not.toHaveAttribute('data-status', 'pending', { timeout: 20_000 });
    return entry;
  }

  operations(): Locator {
    return this.page.locator('.operations .operation');
  }

  /** Opens a node's context menu and picks an action by its label. */
  async nodeAction(nodeId: string, label: string): Promise<void> {
    await this.node(nodeId).click({ button: 'right' });
    await this.page
      .getByRole('menu', { name: `actions for ${nodeId}` })
      .getByRole('menuitem', { name: label, exact: true })
      .click();
  }

  lensCell(replica: string, index?: number): Locator {
    const row =
      index === undefined
        ? this.page.locator('.lens-grid tbody tr').first()
        : this.page.locator(`.lens-grid tr[data-index="${index}"]`);
    return row.locator(`td[data-replica="${replica}"]`);
  }

  async pickLensKey(key: string): Promise<void> {
    await this.page.locator('#lens-key').fill(key);
  }
}
