/**
 * Queues, sets, tables and image keys on six real agents: concurrent pushers and poppers on one queue
 * split over several segments (every pushed element popped exactly once, each pusher's elements in its
 * order), set and table operations, and `iset`/`iget` through the kv command line's own module.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeSegment } from '../../app/kv/structures/queue';
import { runKvCli } from '../../node-agent/kit/client/kv-cli';
import { ClusterKvClient } from '../../node-agent/kit/client/kv-client';
import { StructureGaveUpError } from '../../node-agent/kit/structures/cas-loop';
import { KvQueue } from '../../node-agent/kit/structures/kv-queue';
import { KvSet } from '../../node-agent/kit/structures/kv-set';
import { KvTable } from '../../node-agent/kit/structures/kv-table';
import { clusterPort } from '../../node-agent/kit/structures/kv-port';
import { structureLimits } from '../../node-agent/kit/structures/structure-options';
import { picture } from '../unit/images/pictures';
import { useTestCluster } from '../support/test-cluster';

const testCluster = useTestCluster('structures');
const port = () => clusterPort(testCluster().kv);
const limits = (structureBytes?: number) => structureLimits(testCluster().topology, structureBytes);
const scratch = mkdtempSync(join(tmpdir(), 'paxoscope-structures-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs an operation to completion: after giving up, again with the same request id (exactly once). */
async function once<T>(operation: (requestId: string) => Promise<T>, requestId: string): Promise<T> {
  for (let tries = 0; ; tries += 1) {
    try {
      return await operation(requestId);
    } catch (error) {
      if (!(error instanceof StructureGaveUpError) || tries >= 50) throw error;
    }
  }
}

describe('a queue on real agents', () => {
  it('pops every element pushed by concurrent pushers exactly once, in each pusher’s order, across a crash', async () => {
    const pushers = 4;
    const perPusher = 20;
    const total = pushers * perPusher;
    const queue = () => new KvQueue(port(), 'work', limits(700));
    const pushing = Array.from({ length: pushers }, async (_, p) => {
      const q = queue();
      for (let i = 0; i < perPusher; i += 1) {
        await once((requestId) => q.push(`${p}:${i}`, { requestId }), `push-${p}-${i}`);
      }
    });
    const popped: string[] = [];
    let pops = 0;
    const deadline = Date.now() + 90_000;
    const popping = Array.from({ length: 4 }, async () => {
      const q = queue();
      while (popped.length < total && Date.now() < deadline) {
        const { result } = await once((requestId) => q.pop({ requestId }), `pop-${(pops += 1)}`);
        if (result) popped.push(result.value);
        else await new Promise((resolve) => setTimeout(resolve, 20));
      }
    });
    // Meanwhile replica A of the first segment dies (kill -9) and comes back: attempts in flight on it
    // fail without an answer, so their operations are in doubt until a retry resolves them.
    const crash = (async () => {
      const victim = testCluster().kv.replicasOf('queue/work/0')[0]!;
      await new Promise((resolve) => setTimeout(resolve, 400));
      await testCluster().cluster.agent(victim).kill();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await testCluster().cluster.start(victim);
    })();
    await Promise.all([...pushing, ...popping, crash]);
    expect(popped).toHaveLength(total);
    expect(new Set(popped).size).toBe(total);
    expect((await queue().pop()).result).toBe(null);
    // The stored segments: every element once, taken once, each pusher's in the order it pushed.
    const items = [];
    for (let n = 0; ; n += 1) {
      const key = `queue/work/${n}`;
      const state = await port().read(key);
      if (state.value === null) break;
      items.push(...decodeSegment(key, n, state.value).items);
    }
    expect(items).toHaveLength(total);
    expect(items.every((item) => item.out !== undefined)).toBe(true);
    expect(new Set(items.map((item) => item.out)).size).toBe(total);
    for (let p = 0; p < pushers; p += 1) {
      const mine = items.filter((item) => item.value.startsWith(`${p}:`)).map((item) => item.value);
      expect(mine).toEqual(Array.from({ length: perPusher }, (_, i) => `${p}:${i}`));
    }
    const segments = items.length > 0 ? (await queue().length()).result.segments : null;
    expect(segments?.last).toBeGreaterThan(1);
  }, 120_000);
});

describe('a queue whose replies are lost', () => {
  it('pops each element once when attempts time out after the agent applied them', async () => {
    // Writes given 30 ms: many are applied after the client stopped waiting (a lost reply), so their
    // operations are in doubt until a retry with the same request id finds their tag or is answered
    // dedup. Reads wait as usual, so every retry makes progress however slow the machine is.
    const impatient = new ClusterKvClient(testCluster().topology, { attemptTimeoutMs: 30 });
    const lossy = { read: port().read, compareAndSet: clusterPort(impatient).compareAndSet };
    try {
      const queue = () => new KvQueue(lossy, 'lossy', limits(500));
      const total = 30;
      const pushing = [0, 1].map(async (p) => {
        const q = queue();
        for (let i = 0; i < total / 2; i += 1) {
          await once((requestId) => q.push(`${p}:${i}`, { requestId }), `lossy-push-${p}-${i}`);
        }
      });
      const popped: string[] = [];
      let pops = 0;
      const deadline = Date.now() + 90_000;
      const popping = [0, 1].map(async () => {
        const q = queue();
        while (popped.length < total && Date.now() < deadline) {
          const { result } = await once((requestId) => q.pop({ requestId }), `lossy-pop-${(pops += 1)}`);
          if (result) popped.push(result.value);
          else await new Promise((resolve) => setTimeout(resolve, 20));
        }
      });
      await Promise.all([...pushing, ...popping]);
      expect(popped).toHaveLength(total);
      expect(new Set(popped).size).toBe(total);
      expect((await new KvQueue(port(), 'lossy', limits(500)).length()).result.length).toBe(0);
    } finally {
      impatient.close();
    }
  }, 120_000);
});

describe('sets and tables on real agents', () => {
  it('adds, removes and lists set members', async () => {
    const set = new KvSet(port(), 'colours', limits());
    for (const colour of ['red', 'green', 'blue']) expect((await set.add(colour)).result).toBe('added');
    expect((await set.add('red')).result).toBe('already-member');
    expect((await set.remove('green')).result).toBe('removed');
    expect((await set.contains('blue')).result).toBe(true);
    expect((await set.contains('green')).result).toBe(false);
    expect((await set.members()).result).toEqual(['blue', 'red']);
  });

  it('puts, gets, scans, conditionally updates and deletes rows', async () => {
    const table = new KvTable(port(), 'accounts', limits());
    expect((await table.put('acct-1', { owner: 'ada', balance: '10' })).result).toBe('created');
    expect((await table.put('acct-2', { owner: 'bob', balance: '5' })).result).toBe('created');
    expect((await table.put('acct-3', { owner: 'cy', balance: '0' })).result).toBe('created');
    expect((await table.get('acct-1')).result?.row).toEqual({ balance: '10', owner: 'ada' });
    const unmet = await table.update('acct-1', { balance: '9' }, { balance: '3' });
    expect(unmet.result).toEqual({
      kind: 'unmet',
      mismatches: [{ column: 'balance', expected: '9', found: '10' }],
    });
    const updated = await table.update(
      'acct-1',
      { balance: '10', owner: 'ada' },
      { balance: '3', note: 'paid 7' },
    );
    expect(updated.result).toEqual({ kind: 'updated' });
    expect(
      (await table.scan('acct-1', 'acct-3')).result.map((row) => [row.primaryKey, row.row.balance]),
    ).toEqual([
      ['acct-1', '3'],
      ['acct-2', '5'],
    ]);
    expect((await table.delete('acct-2')).result).toBe('deleted');
    expect((await table.get('acct-2')).result).toBe(null);
    expect((await table.scan()).result.map((row) => row.primaryKey)).toEqual(['acct-1', 'acct-3']);
  });
});

describe('image keys through the kv command line', () => {
  async function kv(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const topologyFile = join(scratch, 'topology.json');
    writeFileSync(topologyFile, JSON.stringify(testCluster().topology));
    const out: string[] = [];
    const err: string[] = [];
    const printer = { out: (line: string) => out.push(line), err: (line: string) => err.push(line) };
    const code = await runKvCli([...argv, '--topology', topologyFile], printer);
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('finds an image stored with iset by the same picture resized, in grayscale and as a JPEG', async () => {
    const original = picture(96, 64, 'sunrise');
    const files = {
      png: await original.getBuffer('image/png'),
      double: await original.clone().resize({ w: 192, h: 128 }).getBuffer('image/png'),
      gray: await original.clone().greyscale().getBuffer('image/png'),
      jpeg: await original.getBuffer('image/jpeg', { quality: 85 }),
      other: await picture(96, 64, 'stripes').getBuffer('image/png'),
    };
    const paths = Object.fromEntries(
      Object.entries(files).map(([name, bytes]) => {
        const path = join(scratch, `${name}.${name === 'jpeg' ? 'jpg' : 'png'}`);
        writeFileSync(path, bytes);
        return [name, path];
      }),
    ) as Record<keyof typeof files, string>;
    writeFileSync(join(scratch, 'notes.txt'), 'not a picture');

    const stored = await kv('iset', paths.png, 'sunrise over the lake');
    expect(stored.code).toBe(0);
    const hash = /hash ([0-9a-f]{16})/.exec(stored.out)?.[1];
    expect(hash).toBeDefined();
    for (const path of [paths.png, paths.double, paths.gray, paths.jpeg]) {
      const found = await kv('iget', path);
      expect(found.code).toBe(0);
      expect(found.out).toContain(`hash ${hash} (exact match)`);
      expect(found.out).toContain('metadata: "sunrise over the lake"');
    }
    const other = await kv('iget', paths.other);
    expect(other.code).toBe(1);
    expect(other.out).toContain('not found');
    const notImage = await kv('iget', join(scratch, 'notes.txt'));
    expect(notImage.code).toBe(2);
    expect(notImage.err).toContain('PATH: is not a PNG or JPEG image');
  }, 60_000);

  it('runs queue commands, answering a repeated request id from the value instead of popping again', async () => {
    expect((await kv('qpush', 'cli-q', 'first')).code).toBe(0);
    expect((await kv('qpush', 'cli-q', 'second')).code).toBe(0);
    const popped = await kv('qpop', 'cli-q', '--request-id', 'cli-pop-1');
    expect(popped.out).toContain('"first"');
    const again = await kv('qpop', 'cli-q', '--request-id', 'cli-pop-1');
    expect(again.out).toContain('"first"');
    expect(again.out).toContain('already applied');
    expect((await kv('qlen', 'cli-q')).out).toContain('qlen cli-q: 1');
  });
});
