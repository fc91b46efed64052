import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { openPLogStore } from '../../../node-agent/process/storage/level-plog-store';
import { useTempDirs } from './temp-dirs';

const newDir = useTempDirs();
const repoRoot = resolve(import.meta.dirname, '../../..');
const acksBeforeKill = 400;

/** Runs the writer until it has acknowledged `acksBeforeKill` commits, SIGKILLs it, returns the acks. */
async function ackedVersionsUntilKilled(dataDir: string): Promise<Map<string, number>> {
  // `node --import tsx` keeps the writer in one process; the tsx CLI would put it in a grandchild
  // that SIGKILL on the CLI does not reach.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', resolve(import.meta.dirname, 'fixtures/crash-writer.ts'), dataDir],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<NodeJS.Signals | null>((done) =>
    child.on('exit', (_code, signal) => done(signal)),
  );
  const acked = new Map<string, number>();
  let count = 0;
  for await (const line of createInterface({ input: child.stdout })) {
    const [, key, version] = line.split(' ');
    acked.set(key!, Number(version));
    count += 1;
    if (count === acksBeforeKill) child.kill('SIGKILL');
  }
  expect(await exited).toBe('SIGKILL');
  return acked;
}

describe('crash recovery', () => {
  it('finds every acknowledged write after the writer is SIGKILLed mid-stream', async () => {
    const dataDir = newDir();
    const acked = await ackedVersionsUntilKilled(dataDir);
    expect(acked.size).toBe(8);

    const store = await openPLogStore(dataDir);
    const stored = new Map((await store.loadAll()).map((record) => [record.key, record]));
    await store.close();

    for (const [key, version] of acked) {
      const newest = stored.get(key)?.instances[0]?.value?.version ?? 0;
      expect(newest, `key ${key}`).toBeGreaterThanOrEqual(version);
    }
  });
});
