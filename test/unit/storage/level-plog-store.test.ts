import { ClassicLevel } from 'classic-level';
import { describe, expect, it } from 'vitest';
import { CorruptRecordError } from '../../../node-agent/process/storage/corrupt-record-error';
import { openPLogStore } from '../../../node-agent/process/storage/level-plog-store';
import { chosenRecord, persistOf } from '../../support/sample-records';
import { useTempDirs } from './temp-dirs';

const newDir = useTempDirs();

function byKey<T extends { key: string }>(records: T[]): T[] {
  return [...records].sort((a, b) => (a.key < b.key ? -1 : 1));
}

describe('LevelDB PLog store', () => {
  it('loads what one batch wrote, later records of a key replacing earlier ones', async () => {
    const store = await openPLogStore(newDir());
    await store.writeBatch([persistOf('a', 1), persistOf('b', 1)], true);
    await store.writeBatch([persistOf('a', 2)], false);
    expect(byKey(await store.loadAll())).toEqual([chosenRecord('a', 2), chosenRecord('b', 1)]);
    await store.close();
  });

  it('returns after reopening what was written before close', async () => {
    const dir = newDir();
    const first = await openPLogStore(dir, { nowMs: () => 1000 });
    await first.writeBatch([persistOf('k:1', 3), persistOf('ключ', 4), persistOf('', 1)], true);
    await first.writeMeta({ learnerOnly: true, clusterName: 'demo', createdAtMs: 1000 });
    await first.close();

    const second = await openPLogStore(dir, { nowMs: () => 2000 });
    expect(byKey(await second.loadAll())).toEqual([
      chosenRecord('', 1),
      chosenRecord('k:1', 3),
      chosenRecord('ключ', 4),
    ]);
    expect(await second.readMeta()).toEqual({ learnerOnly: true, clusterName: 'demo', createdAtMs: 1000 });
    await second.close();
  });

  it('writes the meta in the same batch as the records, and a meta alone too', async () => {
    const dir = newDir();
    const store = await openPLogStore(dir, { nowMs: () => 5 });
    await store.writeMeta({ learnerOnly: true, createdAtMs: 5 });
    await store.writeBatch([persistOf('k', 2)], true, { learnerOnly: false, createdAtMs: 5 });
    expect(await store.readMeta()).toEqual({ learnerOnly: false, createdAtMs: 5 });
    await store.writeBatch([], true, { learnerOnly: true, createdAtMs: 5 });
    expect(await store.readMeta()).toEqual({ learnerOnly: true, createdAtMs: 5 });
    expect(await store.loadAll()).toEqual([chosenRecord('k', 2)]);
    await store.close();
  });

  it('gives a new directory its meta record at once', async () => {
    const store = await openPLogStore(newDir(), { nowMs: () => 1234 });
    expect(await store.readMeta()).toEqual({ learnerOnly: false, createdAtMs: 1234 });
    expect(await store.loadAll()).toEqual([]);
    await store.close();
  });

  it('reports the size of its files', async () => {
    const store = await openPLogStore(newDir());
    const before = await store.sizeBytes();
    await store.writeBatch(
      Array.from({ length: 50 }, (_, i) => persistOf(`key-${i}`, i + 1)),
      true,
    );
    expect(await store.sizeBytes()).toBeGreaterThan(before);
    await store.close();
  });

  it('refuses a persist record whose key differs from its record', async () => {
    const store = await openPLogStore(newDir());
    await expect(store.writeBatch([{ key: 'a', record: chosenRecord('b', 1) }], true)).rejects.toThrow(
      /persist key a does not match its record's key b/,
    );
    await store.close();
  });

  it('refuses to write a record that breaks the core invariants, writing nothing of its batch', async () => {
    const store = await openPLogStore(newDir());
    const broken = chosenRecord('b', 1);
    broken.instances[0]!.accepted = { counter: 9, role: 1 };
    await expect(store.writeBatch([persistOf('a', 1), { key: 'b', record: broken }], true)).rejects.toThrow(
      /record "b" about to be written: instance 1: accepted ballot is above the promised ballot/,
    );
    expect(await store.loadAll()).toEqual([]);
    await store.close();
  });

  it('fails loudly at load, naming the key, when a stored record is corrupt', async () => {
    const dir = newDir();
    const store = await openPLogStore(dir);
    await store.writeBatch([persistOf('good', 1), persistOf('bad', 1)], true);
    await store.close();

    const raw = new ClassicLevel<string, Uint8Array>(dir, { valueEncoding: 'view' });
    const bytes = (await raw.get('p:bad'))!;
    await raw.put('p:bad', bytes.subarray(0, bytes.length - 4));
    await raw.close();

    const reopened = await openPLogStore(dir);
    const failure = reopened.loadAll();
    await expect(failure).rejects.toBeInstanceOf(CorruptRecordError);
    await expect(failure).rejects.toMatchObject({ key: 'bad' });
    await reopened.close();
  });
});
