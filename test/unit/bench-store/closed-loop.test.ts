import { describe, expect, it } from 'vitest';
import { preload, runCell, workloads, type Workload } from '../../../bench/store/closed-loop';
import { MemoryStore } from './memory-store';

const keys = Array.from({ length: 200 }, (_, i) => `k${i}`);
const workload = (name: Workload['name']) => workloads.find((candidate) => candidate.name === name)!;
const settings = { warmupMs: 50, measureMs: 300, keys, valueBytes: 120 };

async function loadedStore(): Promise<MemoryStore> {
  const store = new MemoryStore();
  await preload(store, keys, 120, 8);
  store.reads = 0;
  store.writes = 0;
  return store;
}

describe('closed loop', () => {
  it('keeps exactly `concurrency` requests in flight', async () => {
    const store = await loadedStore();
    await runCell(store, workload('read'), { ...settings, concurrency: 16 });
    expect(store.inFlightMax).toBe(16);
  });

  it('mixes 3.3 reads per write', async () => {
    const store = await loadedStore();
    const result = await runCell(store, workload('mix'), { ...settings, concurrency: 4 });
    const ratio = result.reads.count / result.writes.count;
    expect(result.reads.count + result.writes.count).toBeGreaterThan(1000);
    expect(ratio).toBeGreaterThan(2.9);
    expect(ratio).toBeLessThan(3.7);
  });

  it('counts only requests inside the measured window, and writes by path', async () => {
    const store = await loadedStore();
    const result = await runCell(store, workload('write'), { ...settings, concurrency: 2 });
    expect(result.measuredSeconds).toBeCloseTo(0.3, 1);
    expect(result.writes.count).toBeLessThan(store.writes);
    expect(result.reads.count).toBe(0);
    expect(result.writePaths.fast + result.writePaths.prepare).toBe(result.writes.count);
    expect(result.writePaths.prepare).toBeGreaterThan(0);
    expect(result.opsPerSecond).toBeCloseTo(result.writes.count / result.measuredSeconds, 6);
  });

  it('reports failures and reads of missing keys as errors, not as latencies', async () => {
    const store = new MemoryStore();
    const result = await runCell(store, workload('read'), { ...settings, measureMs: 50, concurrency: 1 });
    expect(result.reads.count).toBe(0);
    expect([...result.errors.keys()]).toEqual(['read found no value for a preloaded key']);
  });
});

describe('preload', () => {
  it('writes every key once and retries a failed write', async () => {
    const store = new MemoryStore();
    store.failPuts.set('k7', 2);
    const retried = await preload(store, keys, 120, 8);
    expect(retried).toBe(2);
    expect(store.values.size).toBe(keys.length);
    expect(store.values.get('k7')).toHaveLength(120);
  });

  it('gives up on a key that keeps failing, naming it and the system', async () => {
    const store = new MemoryStore();
    store.failPuts.set('k3', 1000);
    await expect(preload(store, keys.slice(0, 5), 120, 1)).rejects.toThrow(
      /preload of k3 into memory failed 20 times: put k3 refused/,
    );
  }, 20_000);
});
