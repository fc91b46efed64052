import { afterEach, describe, expect, it } from 'vitest';
import { GroupCommitter, lazyWriteWaitMaxMs } from '../../../node-agent/process/storage/group-committer';
import { openPLogStore } from '../../../node-agent/process/storage/level-plog-store';
import { chosenRecord, persistOf } from '../../support/sample-records';
import { RecordingStore } from './recording-store';
import { useTempDirs } from './temp-dirs';

const newDir = useTempDirs();
const open: RecordingStore[] = [];

afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
});

async function setUp(): Promise<{ store: RecordingStore; committer: GroupCommitter }> {
  const store = new RecordingStore(await openPLogStore(newDir()));
  open.push(store);
  return { store, committer: new GroupCommitter(store) };
}

/** Lets pending microtasks and one macrotask run, so the committer can start a batch. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('GroupCommitter', () => {
  it('writes calls made in the same turn as one batch', async () => {
    const { store, committer } = await setUp();
    await Promise.all(Array.from({ length: 16 }, (_, i) => committer.commit([persistOf(`k${i}`, 1)], true)));
    expect(store.batches).toHaveLength(1);
    expect(store.batches[0]?.keys).toHaveLength(16);
    expect(committer.stats).toEqual({ batches: 1, commits: 16, records: 16 });
  });

  it('makes calls arriving during a write join the next batch, one batch per round', async () => {
    const { store, committer } = await setUp();
    store.hold();
    const first = committer.commit([persistOf('a', 1)], true);
    await settle();
    expect(store.batches).toHaveLength(1);

    const later = [committer.commit([persistOf('b', 1)], true), committer.commit([persistOf('c', 1)], false)];
    await settle();
    await settle();
    expect(store.batches).toHaveLength(1);

    store.release();
    await Promise.all([first, ...later]);
    expect(store.batches.map((batch) => batch.keys)).toEqual([['a'], ['b', 'c']]);
  });

  it('writes a meta change in one synced batch with a lazy record committed before it', async () => {
    const { store, committer } = await setUp();
    // The relearned record is lazy (chosen-only); clearing learner-only must not land without it.
    const lazy = committer.commit([persistOf('relearned', 3)], false, true);
    const cleared = committer.commit([], true, false, { learnerOnly: false, createdAtMs: 1 });
    await Promise.all([lazy, cleared]);
    expect(store.batches).toEqual([
      { keys: ['relearned'], versions: [3], sync: true, meta: { learnerOnly: false, createdAtMs: 1 } },
    ]);
    expect(await store.readMeta()).toMatchObject({ learnerOnly: false });
  });

  it('resolves callers in call order across batches', async () => {
    const { store, committer } = await setUp();
    store.hold();
    const order: number[] = [];
    const calls = [committer.commit([persistOf('x', 1)], true).then(() => order.push(0))];
    await settle();
    for (let i = 1; i <= 5; i++)
      calls.push(committer.commit([persistOf(`y${i}`, 1)], true).then(() => order.push(i)));
    store.release();
    await Promise.all(calls);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(store.batches).toHaveLength(2);
  });

  it('keeps the later record when a key is written twice in one batch', async () => {
    const { store, committer } = await setUp();
    await Promise.all([
      committer.commit([persistOf('k', 1)], true),
      committer.commit([persistOf('k', 2)], true),
    ]);
    expect(store.batches).toEqual([{ keys: ['k'], versions: [2], sync: true }]);
    expect(await store.loadAll()).toEqual([chosenRecord('k', 2)]);
  });

  it('syncs a batch when any of its callers asked for sync', async () => {
    const { store, committer } = await setUp();
    await Promise.all([
      committer.commit([persistOf('a', 1)], false),
      committer.commit([persistOf('b', 1)], true),
    ]);
    await committer.commit([persistOf('c', 1)], false);
    expect(store.batches.map((batch) => batch.sync)).toEqual([true, false]);
  });

  it('rejects every caller of a failed batch and goes on with the next', async () => {
    const { store, committer } = await setUp();
    store.hold();
    store.failNextBatch(new Error('disk full'));
    const failed = [committer.commit([persistOf('a', 1)], true)];
    await settle();
    const next = committer.commit([persistOf('b', 1)], true);
    store.release();
    await expect(failed[0]).rejects.toThrow('disk full');
    await next;
    expect(await store.loadAll()).toEqual([chosenRecord('b', 1)]);
  });

  it('drains: resolves once everything committed before it is written, without an empty batch', async () => {
    const { store, committer } = await setUp();
    await committer.drain();
    store.hold();
    let written = false;
    const commit = committer.commit([persistOf('a', 1)], true).then(() => (written = true));
    const drained = committer.drain();
    await settle();
    expect(written).toBe(false);
    store.release();
    await drained;
    expect(written).toBe(true);
    await commit;
    expect(store.batches).toHaveLength(1);
  });

  it('holds a lazy write for the next batch someone waits on, and writes both in it', async () => {
    const { store, committer } = await setUp();
    const lazy = committer.commit([persistOf('chosen', 1)], false, true);
    await settle();
    expect(store.batches).toHaveLength(0);
    await committer.commit([persistOf('accepted', 1)], true);
    await lazy;
    expect(store.batches).toHaveLength(1);
    expect(store.batches[0]?.keys.sort()).toEqual(['accepted', 'chosen']);
  });

  it('writes a lone lazy write on its own after lazyWriteWaitMaxMs', async () => {
    const { store, committer } = await setUp();
    const startedMs = performance.now();
    await committer.commit([persistOf('chosen', 1)], false, true);
    expect(performance.now() - startedMs).toBeGreaterThanOrEqual(lazyWriteWaitMaxMs - 1);
    expect(store.batches).toHaveLength(1);
  });

  it('drains a lazy write at once', async () => {
    const { store, committer } = await setUp();
    void committer.commit([persistOf('chosen', 1)], false, true);
    const startedMs = performance.now();
    await committer.drain();
    expect(performance.now() - startedMs).toBeLessThan(lazyWriteWaitMaxMs);
    expect(store.batches).toHaveLength(1);
  });
});
