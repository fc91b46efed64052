/**
 * The --corrupt fault: on a real LevelDB store it changes exactly one stored byte, inside the key's
 * newest chosen value, so the record still decodes but its checksum differs; the control CLI names it
 * as a command or a flag and needs the agent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KeyRecord } from '../../../app/paxos/types';
import { keyChecksum } from '../../../app/verification/checksum';
import { UsageError } from '../../../node-agent/kit/cli/flags';
import { parseControlCommand } from '../../../node-agent/kit/client/control-command';
import { corruptChosenValue } from '../../../node-agent/process/storage/corrupt-value';
import { openPLogStore } from '../../../node-agent/process/storage/level-plog-store';
import { decodeKeyRecord } from '../../../node-agent/process/storage/record-codec';
import { bytes } from '../paxos/wire';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function recordOf(key: string, data: string): KeyRecord {
  const value = { requestId: 'r2', owner: 'n0', version: 2, deleted: false, data: bytes(data), requests: [] };
  return {
    key,
    instances: [
      { index: 2, promised: { counter: 1, role: 1 }, accepted: { counter: 1, role: 1 }, value, chosen: true },
      { index: 3, promised: { counter: 2, role: 2 }, accepted: null, value: null, chosen: false },
    ],
    recent: [],
  };
}

describe('corruptChosenValue', () => {
  it('flips one byte of the chosen value on disk; the record decodes and its checksum differs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paxoscope-corrupt-'));
    dirs.push(dir);
    const store = await openPLogStore(dir);
    try {
      const good = recordOf('k', 'hello');
      await store.writeBatch([{ key: 'k', record: good }], true);
      const before = (await store.readRaw('k'))!;
      const done = await corruptChosenValue(store, 'k');
      const after = (await store.readRaw('k'))!;
      expect(done).toMatchObject({ index: 2, before: 0x68, after: 0x48 });
      expect(after.length).toBe(before.length);
      expect([...after.keys()].filter((i) => after[i] !== before[i])).toEqual([done.offset]);
      const read = decodeKeyRecord(after, 'k');
      expect(new TextDecoder().decode(read.instances[0]!.value!.data)).toBe('Hello');
      expect(keyChecksum(read)).toMatchObject({ index: 2 });
      expect(keyChecksum(read).digest).not.toBe(keyChecksum(good).digest);
      await expect(corruptChosenValue(store, 'absent')).rejects.toThrow(/^key: has no record/);
      await store.writeBatch([{ key: 'empty', record: recordOf('empty', '') }], true);
      await expect(corruptChosenValue(store, 'empty')).rejects.toThrow(
        /key: has no chosen value with a byte/,
      );
    } finally {
      await store.close();
    }
  });
});

describe('npm run ctl corrupt', () => {
  const nodeFlags = ['--node', 'n1', '--token', 'cli-test-token-0123'];

  it('takes the key as a command argument or a flag, and needs --node', () => {
    expect(parseControlCommand(['corrupt', 'k1', ...nodeFlags])).toMatchObject({
      action: { kind: 'corrupt', key: 'k1' },
      targets: [{ id: 'n1' }],
    });
    expect(parseControlCommand(['--corrupt', 'k1', ...nodeFlags])).toMatchObject({
      action: { kind: 'corrupt', key: 'k1' },
    });
    expect(() => parseControlCommand(['corrupt', 'k1'])).toThrow(UsageError);
    expect(() => parseControlCommand(['corrupt', ...nodeFlags])).toThrow(/KEY/);
  });
});
