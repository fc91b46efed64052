/**
 * Queues and image keys in the client console (docs/data-structures.md): a queue push and pop through
 * the structure form, each answer showing its write (key, PaxosLog entry, request id) and the queue's
 * value after it; a PNG dropped on the client console hashed, stored with iset and found with iget; a
 * dropped text file refused naming the file.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { picture } from '../unit/images/pictures';
import { ConsolePage } from './pages/console-page';
import { startFromRealAgents } from './support/known-state';

test.describe.configure({ timeout: 120_000 });
test.beforeEach(() => startFromRealAgents());

/** A unique queue per run, so a console that ran the spec before starts from an empty queue. */
const queue = `e2e-jobs-${Date.now().toString(36)}`;

/** Drops a file on the client console as a person dragging it from the desktop would. */
async function dropFile(page: Page, name: string, type: string, bytes: Uint8Array): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ base64, name, type }) => {
      const data = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], name, { type }));
      return transfer;
    },
    { base64: Buffer.from(bytes).toString('base64'), name, type },
  );
  await page.locator('.client-console').dispatchEvent('drop', { dataTransfer });
}

test('a queue push and pop, and a dropped image, in the client console', async ({ page }, testInfo) => {
  const console = new ConsolePage(page, testInfo);
  await console.open(process.env.PAXOSCOPE_E2E_URL!);
  const form = page.getByRole('form', { name: 'structure operation' });
  const newest = (): Locator => page.locator('.structure-results .structure-op').first();

  await test.step('two pushes and a pop: each shows its write and the queue after it', async () => {
    await form.getByRole('radio', { name: 'queue', exact: true }).click();
    await form.getByLabel('structure queue').fill(queue);
    for (const element of ['first job', 'second job']) {
      await form.getByRole('radio', { name: 'qpush', exact: true }).click();
      await form.getByLabel('structure element').fill(element);
      await form.getByRole('button', { name: 'Run' }).click();
      await expect(newest()).toHaveAttribute('data-status', 'ok', { timeout: 30_000 });
      await expect(newest()).toContainText(`qpush ${queue}: pushed "${element}"`);
    }
    const push = newest();
    const write = push.locator(`.structure-entries tr[data-key="queue/${queue}/0"]`);
    await expect(write).toHaveAttribute('data-outcome', 'applied');
    await expect(write.locator('.entry-index')).toHaveText(/^\d+$/);
    await expect(push.locator('.request-id')).toHaveText(/^console-[0-9a-f]{16}$/);
    await expect(push.locator('.structure-value .chip')).toHaveText([/first job/, /second job/]);
    await console.snap('queue-pushed');

    await form.getByRole('radio', { name: 'qpop', exact: true }).click();
    await form.getByRole('button', { name: 'Run' }).click();
    await expect(newest()).toHaveAttribute('data-status', 'ok', { timeout: 30_000 });
    await expect(newest()).toContainText(`qpop ${queue}: "first job" (#0.0)`);
    await expect(newest().locator('.structure-value .chip')).toHaveText([/second job/]);
    // A write's key opens the PLog lens on it.
    await newest()
      .locator('.structure-entries button', { hasText: `queue/${queue}/0` })
      .click();
    await expect(page.locator('#lens-key')).toHaveValue(`queue/${queue}/0`);
    await console.snap('queue-popped');
  });

  await test.step('empty fields are refused before anything is sent', async () => {
    await form.getByLabel('structure queue').fill('');
    await expect(form.getByRole('status')).toHaveText('queue: name the queue');
    await expect(form.getByRole('button', { name: 'Run' })).toBeDisabled();
    await form.getByLabel('structure queue').fill(queue);
  });

  await test.step('a dropped PNG shows its hash; iset stores metadata under it and iget finds it', async () => {
    const png = new Uint8Array(await picture(96, 64, 'sunrise').getBuffer('image/png'));
    await dropFile(page, 'sunrise.png', 'image/png', png);
    await expect(newest()).toHaveAttribute('data-status', 'ok', { timeout: 30_000 });
    const hash = (await newest().locator('.image-hash strong').textContent()) ?? '';
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    await expect(newest()).toContainText('PNG 96×64');
    await newest().getByLabel('image metadata').fill('a sunrise, e2e');
    await newest().getByRole('button', { name: 'iset' }).click();
    await expect(newest()).toHaveAttribute('data-title', 'iset sunrise.png');
    await expect(newest()).toHaveAttribute('data-status', 'ok', { timeout: 30_000 });
    await expect(newest()).toContainText(`hash ${hash}`);
    await expect(newest().locator(`.structure-entries tr[data-key="image/${hash}"]`)).toBeVisible();
    await page
      .locator('.structure-results .structure-op[data-title="hash sunrise.png"]')
      .getByRole('button', { name: 'iget' })
      .click();
    await expect(newest()).toHaveAttribute('data-title', 'iget sunrise.png');
    await expect(newest()).toHaveAttribute('data-status', 'ok', { timeout: 30_000 });
    await expect(newest()).toContainText('exact match');
    await expect(newest()).toContainText('metadata: "a sunrise, e2e"');
    await console.snap('image-iset-iget');
  });

  await test.step('a dropped file that is not an image is refused, naming it', async () => {
    await dropFile(page, 'notes.txt', 'text/plain', new TextEncoder().encode('not a picture'));
    await expect(newest()).toHaveAttribute('data-status', 'failed', { timeout: 30_000 });
    await expect(newest()).toContainText('refused file: is not a PNG or JPEG image');
    await console.snap('not-an-image');
  });
});
