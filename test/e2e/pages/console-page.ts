/**
 * The console as a person uses it, for the specs: find nodes by id and read their health, run KV
 * operations from the client console and read their answers, use a node's context menu and the fault
 * panel, read the PLog lens and the group's quorum, and keep a screenshot of every step.
 */
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import type { KvOperationKind } from '../../../app/kv/operations';

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

  async expectHealth(id: string, health: string, timeout = 15_000): Promise<void> {
    await expect(this.node(id)).toHaveAttribute('data-health', health, { timeout });
  }

  groupChip(groupId = 'g1'): Locator {
    return this.page.locator(`.group-chip[data-group="${groupId}"]`);
  }

  /** Fills the client console and sends; returns the new entry in the results list without waiting. */
  async submit(kind: KvOperationKind, nodeId: string, key: string, value = ''): Promise<Locator> {
    const form = this.page.locator('.client-console');
    await form.getByRole('radio', { name: kind, exact: true }).click();
    await form.getByLabel('agent').selectOption(nodeId);
    await form.getByLabel('key', { exact: true }).fill(key);
    if (kind === 'put' || kind === 'cas') await form.getByLabel('value', { exact: true }).fill(value);
    const before = await this.operations().count();
    await form.getByRole('button', { name: 'Send' }).click();
    await expect(this.operations()).toHaveCount(Math.min(before + 1, 30));
    return this.operations().first();
  }

  /** Runs an operation and waits for its answer. */
  async run(kind: KvOperationKind, nodeId: string, key: string, value = ''): Promise<Locator> {
    const entry = await this.submit(kind, nodeId, key, value);
    await expect(entry).not.toHaveAttribute('data-status', 'pending', { timeout: 20_000 });
    return entry;
  }

  /**
   * Runs an operation until it succeeds, as a person would retry after a transient PREEMPTED; returns
   * the successful entry. Fails after `attempts`.
   */
  async runUntilOk(
    kind: KvOperationKind,
    nodeId: string,
    key: string,
    value = '',
    attempts = 4,
  ): Promise<Locator> {
    for (let attempt = 1; ; attempt += 1) {
      const entry = await this.run(kind, nodeId, key, value);
      if ((await entry.getAttribute('data-status')) === 'ok' || attempt >= attempts) return entry;
    }
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

  /** Puts one datacenter alone on side A and the others on side B, then partitions. */
  async partitionAlone(datacenterId: string, datacenterIds: readonly string[]): Promise<void> {
    const panel = this.page.locator('.fault-panel');
    for (const dc of datacenterIds) {
      await panel.getByLabel(`side of ${dc}`).selectOption(dc === datacenterId ? 'A' : 'B');
    }
    await panel.getByRole('button', { name: 'Partition', exact: true }).click();
  }

  async healAll(): Promise<void> {
    await this.page.locator('.fault-panel').getByRole('button', { name: 'Heal all' }).click();
    await expect(this.page.locator('.faults-in-force')).toHaveAttribute('data-healthy', 'true');
  }

  async holdLink(from: string): Promise<void> {
    const panel = this.page.locator('.fault-panel');
    await panel.getByLabel('hold from').selectOption(from);
    await panel.getByLabel('hold to').selectOption('*');
    await panel.getByRole('button', { name: 'Hold link' }).click();
  }

  heldItems(): Locator {
    return this.page.locator('.held-tray li');
  }

  /** The held tray's note on the agents' timers ("stopped" while holding). */
  timersNote(): Locator {
    return this.page.locator('.held-tray [data-timers]');
  }

  /** Stops holding every held link from the fault panel's list (what is held stays held). */
  async stopHoldingLinks(): Promise<void> {
    const stops = this.page.locator('.fault-control .fault-list').getByRole('button', { name: 'stop' });
    while ((await stops.count()) > 0) {
      const before = await stops.count();
      await stops.first().click();
      await expect(stops).toHaveCount(before - 1);
    }
  }

  /** Drops the held messages one at a time, each after the tray has shown the previous one gone. */
  async dropAllHeld(): Promise<void> {
    for (let left = await this.heldItems().count(); left > 0; left -= 1) {
      await this.heldItems().first().getByRole('button', { name: 'drop' }).click();
      await expect(this.heldItems()).toHaveCount(left - 1);
    }
  }

  /** The lens row of an entry index (the newest when omitted). */
  lensRow(index?: number): Locator {
    return index === undefined
      ? this.page.locator('.lens-grid tbody tr').first()
      : this.page.locator(`.lens-grid tr[data-index="${index}"]`);
  }
}
