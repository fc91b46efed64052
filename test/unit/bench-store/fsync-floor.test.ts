import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeFsyncFloor, measureFsyncFloor } from '../../../bench/store/fsync-floor';

const parents: string[] = [];
afterEach(() => parents.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('fsync floor', () => {
  it('times every write+fdatasync and leaves no file behind', () => {
    const parent = mkdtempSync(join(tmpdir(), 'floor-test-'));
    parents.push(parent);
    const floor = measureFsyncFloor(parent, 20);
    expect(floor.count).toBe(20);
    expect(floor.p50Ms).toBeGreaterThan(0);
    expect(floor.p99Ms).toBeGreaterThanOrEqual(floor.p50Ms);
    expect(floor.opsPerSecond).toBeGreaterThan(0);
    expect(readdirSync(parent)).toEqual([]);
    expect(describeFsyncFloor(floor)).toMatch(/^p50 [\d.]+ ms, p99 [\d.]+ ms, [\d,]+ syncs\/s$/);
  });
});
