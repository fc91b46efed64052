/**
 * The client library's compare-and-set loop against a store that injects version conflicts, lost
 * replies, failed and delayed writes: every operation takes effect once, answers with the result of
 * the attempt that was applied, and gives up after its bound saying whether anything may have applied.
 */
import { describe, expect, it } from 'vitest';
import { decodeSegment, encodeSegment, type QueueSegment } from '../../../app/kv/structures/queue';
import { CorruptValueError } from '../../../app/kv/structures/structure-value';
import { FieldError } from '../../../app/util/field-error';
import { createPrng, nextFloat } from '../../../app/util/prng';
import { StructureGaveUpError } from '../../../node-agent/kit/structures/cas-loop';
import { KvQueue } from '../../../node-agent/kit/structures/kv-queue';
import { KvSet } from '../../../node-agent/kit/structures/kv-set';
import { KvTable } from '../../../node-agent/kit/structures/kv-table';
import { FakeKvPort } from './fake-kv-port';

const limits = (valueBytesMax = 4096) => ({ valueBytesMax, keyBytesMax: 1024 });

function segments(store: FakeKvPort, name: string): QueueSegment[] {
  const found: QueueSegment[] = [];
  for (let n = 0; store.keys.has(`queue/${name}/${n}`); n += 1) {
    found.push(decodeSegment(`queue/${name}/${n}`, n, store.keys.get(`queue/${name}/${n}`)!.value));
  }
  return found;
}

async function gaveUp(promise: Promise<unknown>): Promise<StructureGaveUpError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StructureGaveUpError) return error;
    throw error;
  }
  throw new Error('expected the operation to give up');
}

describe('a queue over the compare-and-set loop', () => {
  it('pops in push order across segments and raises the head hint', async () => {
    const store = new FakeKvPort();
    const queue = new KvQueue(store, 'jobs', limits(260));
    const pushed = [];
    for (let i = 0; i < 12; i += 1) pushed.push((await queue.push(`job-${i}`)).result);
    expect(pushed.at(-1)!.segment).toBeGreaterThan(1);
    expect((await queue.length()).result.length).toBe(12);
    const popped = [];
    for (let i = 0; i < 13; i += 1) popped.push((await queue.pop()).result?.value ?? null);
    expect(popped).toEqual([...pushed.map((_, i) => `job-${i}`), null]);
    expect(store.text('queue/jobs/head')).toMatch(/"head":[1-9]/);
    for (const segment of segments(store, 'jobs')) {
      expect(new TextEncoder().encode(JSON.stringify(segment)).byteLength).toBeLessThanOrEqual(260);
    }
  });

  it('answers a pop whose reply was lost with the element it took, and takes no second one', async () => {
    const store = new FakeKvPort();
    const queue = new KvQueue(store, 'q', limits());
    for (const value of ['a', 'b', 'c']) await queue.push(value);
    store.inject('lose-reply', 'queue/q/0');
    expect((await queue.pop({ requestId: 'pop-1' })).result?.value).toBe('a');
    expect((await queue.pop()).result?.value).toBe('b');
    const items = segments(store, 'q')[0]!.items;
    expect(items.map((item) => item.out !== undefined)).toEqual([true, true, false]);
  });

  it('finds its element after a lost reply even when others emptied the queue meanwhile', async () => {
    const store = new FakeKvPort();
    const queue = new KvQueue(store, 'q', limits());
    for (const value of ['a', 'b']) await queue.push(value);
    const other: (string | null)[] = [];
    store.inject({
      loseReplyThen: async () => {
        other.push((await queue.pop()).result?.value ?? null);
        other.push((await queue.pop()).result?.value ?? null);
      },
    });
    // Without the tag in the value, the retry would read an empty queue and report "empty": 'a' lost.
    expect((await queue.pop()).result?.value).toBe('a');
    expect(other).toEqual(['b', null]);
  });

  it('maps a dedup answer to the attempt that was applied (a delayed write landing before the retry)', async () => {
    const store = new FakeKvPort();
    const queue = new KvQueue(store, 'q', limits());
    await queue.push('a');
    store.inject('delay', 'queue/q/0');
    const { result, run } = await queue.pop({ requestId: 'pop-d' });
    expect(result?.value).toBe('a');
    expect(store.casLog.filter((cas) => cas.requestId === 'pop-d').map((cas) => cas.outcome)).toEqual([
      'applied', // the delayed first attempt, landing just before the retry
      'dedup',
    ]);
    expect(run.writes.map((write) => write.outcome)).toEqual(['in doubt', 'dedup']);
    expect((await queue.pop()).result).toBe(null);
  });

  it('retries version conflicts and gives up after 16 attempts with nothing applied', async () => {
    const store = new FakeKvPort();
    const queue = new KvQueue(store, 'q', limits());
    for (let i = 0; i < 20; i += 1)
      store.inject({ interfere: () => rivalPush(store, `rival-${i}`) }, 'queue/q/0');
    const error = await gaveUp(queue.push('mine', { requestId: 'push-c' }));
    expect(error).toMatchObject({ inDoubt: false, attempts: 16 });
    expect(error.message).toContain('nothing was applied');
    expect(segments(store, 'q')[0]!.items.map((item) => item.value)).not.toContain('mine');
  });

  it('gives up in doubt after failures; the same request id later applies it once', async () => {
    const store = new FakeKvPort();
    const queue = new KvQueue(store, 'q', limits());
    for (let i = 0; i < 16; i += 1) store.inject('fail', 'queue/q/0');
    const error = await gaveUp(queue.push('once', { requestId: 'push-x' }));
    expect(error.inDoubt).toBe(true);
    expect(error.message).toContain('--request-id push-x');
    expect(store.keys.has('queue/q/0')).toBe(false);
    // The whole operation again with its id: applied once, and a further repeat finds its tag.
    expect((await queue.push('once', { requestId: 'push-x' })).result).toEqual({ segment: 0, slot: 0 });
    expect((await queue.push('once', { requestId: 'push-x' })).result).toEqual({ segment: 0, slot: 0 });
    expect(segments(store, 'q')[0]!.items.map((item) => item.value)).toEqual(['once']);
  });

  it('never pops an element twice nor loses one, with concurrent pushers and poppers and random faults', async () => {
    const store = new FakeKvPort();
    const prng = createPrng(18);
    const random = () => nextFloat(prng);
    const faults = ['lose-reply', 'fail', 'delay'] as const;
    store.chaos = () => (random() < 0.2 ? faults[Math.floor(random() * faults.length)] : undefined);
    const queue = () => new KvQueue(store, 'fuzz', limits(400));
    /** Runs an operation until it completes, repeating it with the same request id after giving up. */
    const once = async <T>(operation: (requestId: string) => Promise<T>, requestId: string): Promise<T> => {
      for (;;) {
        try {
          return await operation(requestId);
        } catch (error) {
          if (!(error instanceof StructureGaveUpError)) throw error;
        }
      }
    };
    const pushers = [0, 1, 2, 3].map(async (p) => {
      const q = queue();
      for (let i = 0; i < 15; i += 1)
        await once((id) => q.push(`${p}:${i}`, { requestId: id }), `push-${p}-${i}`);
    });
    const popped: string[] = [];
    let pops = 0;
    const poppers = [0, 1, 2, 3].map(async () => {
      const q = queue();
      while (popped.length < 60) {
        const id = `pop-${(pops += 1)}`;
        const { result } = await once((requestId) => q.pop({ requestId }), id);
        if (result) popped.push(result.value);
        else await new Promise((resolve) => setTimeout(resolve, 1));
      }
    });
    await Promise.all([...pushers, ...poppers]);
    expect(popped).toHaveLength(60);
    expect(new Set(popped).size).toBe(60);
    const items = segments(store, 'fuzz').flatMap((segment) => segment.items);
    expect(items).toHaveLength(60);
    expect(new Set(items.map((item) => item.out)).size).toBe(60);
    // FIFO: each pusher's elements sit in the order it pushed them.
    for (const p of [0, 1, 2, 3]) {
      const order = items
        .filter((item) => item.value.startsWith(`${p}:`))
        .map((item) => Number(item.value.split(':')[1]));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
  });

  it('refuses a corrupt segment with an error naming the key, and bad input before any call', async () => {
    const store = new FakeKvPort();
    store.set('queue/q/0', new TextEncoder().encode('{"format":"paxoscope/queue-segment@1","segment":0}'));
    const queue = new KvQueue(store, 'q', limits(300));
    await expect(queue.pop()).rejects.toThrow(CorruptValueError);
    await expect(queue.pop()).rejects.toThrow('key "queue/q/0"');
    const reads = store.reads;
    await expect(queue.push('x'.repeat(400))).rejects.toMatchObject({ field: 'element' });
    expect(store.reads).toBe(reads);
    expect(() => new KvQueue(store, '', limits())).toThrow(FieldError);
  });
});

/** Another client's push into segment 0, written straight into the store. */
function rivalPush(store: FakeKvPort, value: string): void {
  const segment = decodeSegment('queue/q/0', 0, store.keys.get('queue/q/0')?.value ?? null);
  const tag = (segment.items.length + 1).toString(16).padStart(16, '0');
  store.set('queue/q/0', encodeSegment({ ...segment, items: [...segment.items, { value, in: tag }] }));
}

describe('a set over the compare-and-set loop', () => {
  it('does not add a member a second time when its add was applied, its reply lost, and it was removed', async () => {
    const store = new FakeKvPort();
    const set = new KvSet(store, 'fruit', limits());
    store.inject({ loseReplyThen: async () => void (await set.remove('apple')) });
    expect((await set.add('apple')).result).toBe('added');
    expect((await set.contains('apple')).result).toBe(false);
    await set.add('pear');
    await set.add('fig');
    expect((await set.add('fig')).result).toBe('already-member');
    expect((await set.members()).result).toEqual(['fig', 'pear']);
    expect((await set.remove('kiwi')).result).toBe('not-member');
  });
});

describe('a table over the compare-and-set loop', () => {
  it('writes the index entry before creating a row, and drops it after a delete', async () => {
    const store = new FakeKvPort();
    const table = new KvTable(store, 'users', limits());
    expect((await table.put('alice', { name: 'Alice' })).result).toBe('created');
    expect(store.casLog.map((cas) => cas.key)).toEqual(['table/users/index', 'table/users/row/alice']);
    expect((await table.put('alice', { name: 'Alice L.' })).result).toBe('replaced');
    await table.put('bob', { name: 'Bob' });
    expect((await table.scan()).result.map((row) => row.primaryKey)).toEqual(['alice', 'bob']);
    expect((await table.delete('alice')).result).toBe('deleted');
    expect((await table.get('alice')).result).toBe(null);
    expect(store.text('table/users/index')).not.toContain('alice');
    expect((await table.delete('alice')).result).toBe('not-found');
  });

  it('keeps the index entry of a row inserted again while a delete was dropping it', async () => {
    const store = new FakeKvPort();
    const table = new KvTable(store, 't', limits());
    await table.put('k', { v: '1' });
    // The delete's index write meets a new insert of k that slipped in between its read and its write.
    store.inject({ interfere: () => table.put('k', { v: '2' }).then(() => undefined) }, 'table/t/index');
    expect((await table.delete('k')).result).toBe('deleted');
    expect((await table.scan()).result).toEqual([{ primaryKey: 'k', row: { v: '2' }, version: 3 }]);
  });

  it('answers an update whose reply was lost as updated, not as a failed condition', async () => {
    const store = new FakeKvPort();
    const table = new KvTable(store, 'accounts', limits());
    await table.put('a1', { balance: '10', owner: 'ada' });
    store.inject('lose-reply', 'table/accounts/row/');
    const { result } = await table.update('a1', { balance: '10' }, { balance: '4' });
    expect(result).toEqual({ kind: 'updated' });
    expect((await table.get('a1')).result?.row).toEqual({ balance: '4', owner: 'ada' });
    expect((await table.update('a1', { balance: '10' }, { balance: '0' })).result).toMatchObject({
      kind: 'unmet',
    });
    expect((await table.scan('a', 'b')).result).toHaveLength(1);
    expect((await table.scan('b')).result).toHaveLength(0);
  });
});
