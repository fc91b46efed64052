/**
 * The Electron console end to end: the window opens on the built renderer, the preload exposes one
 * function per contract command and nothing of Node, and the embedded cluster comes up and takes a write
 * through the IPC bridge. Skips, saying why, where no Electron binary exists.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { commandNames } from '../../../app/contract/console-contract';
import type { PaxoscopeBridge } from '../../../app/contract/bridge-api';
import { electronBinary } from './electron-binary';

/** The page's global as the preload leaves it. */
type PageGlobal = typeof globalThis & { paxoscope: PaxoscopeBridge; require?: unknown; process?: unknown };

const binary = electronBinary();

test.describe('Electron console window', () => {
  test.skip(binary.path === undefined, binary.reason);

  test('opens hardened, exposes the contract and drives the embedded cluster', async () => {
    const app = await electron.launch({
      executablePath: binary.path!,
      args: ['--no-sandbox', join(process.cwd(), 'dist/main/electron-main.cjs')],
      env: { ...process.env, PAXOSCOPE_RUNS_DIR: mkdtempSync(join(tmpdir(), 'paxoscope-e2e-')) },
    });
    try {
      const page = await app.firstWindow();
      const exposed = await page.evaluate(() => Object.keys((globalThis as PageGlobal).paxoscope).sort());
      expect(exposed).toEqual([...commandNames, 'on'].sort());
      const nodeGlobals = await page.evaluate(() => [
        typeof (globalThis as PageGlobal).require,
        typeof (globalThis as PageGlobal).process,
      ]);
      expect(nodeGlobals).toEqual(['undefined', 'undefined']);
      await expect
        .poll(
          () =>
            page.evaluate(async () => {
              const reply = await (globalThis as PageGlobal).paxoscope.getSnapshot({});
              return reply.ok ? reply.output.cluster.phase : reply.error.code;
            }),
          { timeout: 60_000 },
        )
        .toBe('running');
      const put = await page.evaluate(() =>
        (globalThis as PageGlobal).paxoscope.kv({
          nodeId: 'n0',
          operation: { kind: 'put', key: 'e2e', value: 'from the window' },
        }),
      );
      expect(put).toMatchObject({ ok: true, output: { ok: true, operation: 'put' } });
      const malformed = await page.evaluate(() =>
        (globalThis as PageGlobal).paxoscope.getNodeLog({ nodeId: 'n0', linesMax: 0 }),
      );
      expect(malformed).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT', field: 'linesMax', limit: 1 },
      });
    } finally {
      await app.close();
    }
  });
});
