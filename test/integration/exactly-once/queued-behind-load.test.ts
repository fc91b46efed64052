/**
 * Issue 11 (c), no fault at all: 80 concurrent puts to one key through n1 (its role A), then R through
 * n1 with a 1 s deadline, which it spends queued behind them. The client retries R on n2, another
 * replica, and takes whatever n2 answers. If n2 says definite: true, R must never be chosen; in any
 * case R is applied at most once, and the key's final version counts every write once.
 */
import { describe, expect, it } from 'vitest';
import { useAgentCluster } from '../../support/agent-cluster';
import { bytes } from '../../support/kv-expect';
import { versionThrough, writeAt } from '../../support/kv-attempt';
import { keyWhere } from '../../support/key-placement';
import { waitUntilPast } from '../../support/wait';

const getCluster = useAgentCluster('eo-queued');

const loadPuts = 80;
const rDeadlineMs = 1000;
/** The longest an agent keeps a request (its core's request timeout, 2 s), with room to finish it. */
const requestLifetimeMs = 3000;

describe('a write that timed out queued behind 80 others', () => {
  it('is applied at most once, and never after a definite refusal of its retry', async () => {
    const { kv, events } = getCluster();
    const key = keyWhere(kv, 'eo-c', (replicas) => replicas[0] === 'n1' && replicas.includes('n2'));
    const put = (requestId: string) =>
      ({ requestId, operation: { kind: 'put', key, value: bytes(requestId) } }) as const;
    // Both channels up before the load, so R reaches n1 right behind it.
    expect(await writeAt(kv, 'n1', put(`${key}-first`), 10_000)).toMatchObject({ ok: true });
    await versionThrough(kv, 'n2', key);

    const load = Array.from({ length: loadPuts }, (_, i) =>
      writeAt(kv, 'n1', put(`${key}-load-${i}`), 20_000),
    );
    const r = put(`${key}-R`);
    const sentMs = Date.now();
    const first = await writeAt(kv, 'n1', r, rDeadlineMs);
    const retry = await writeAt(kv, 'n2', r, 10_000);
    await Promise.all(load);
    await waitUntilPast(sentMs + requestLifetimeMs);
    const finalVersion = await versionThrough(kv, 'n1', key);
    expect(await versionThrough(kv, 'n2', key)).toBe(finalVersion);

    const applied = events.chosen(key, r.requestId);
    const story = `R through n1: ${JSON.stringify(first)}; retry through n2: ${JSON.stringify(retry)}; R chosen at ${JSON.stringify(applied)}`;
    expect(applied.length, story).toBeLessThanOrEqual(1);
    if (!retry.ok && retry.failure.definite === true) expect(applied, story).toEqual([]);
    if (retry.ok) expect([retry.reply.version], story).toEqual(applied.map((at) => at.version));
    // Every write applied once: the final version is the number of distinct request ids chosen.
    const written = [
      `${key}-first`,
      r.requestId,
      ...Array.from({ length: loadPuts }, (_, i) => `${key}-load-${i}`),
    ];
    const appliedOnce = written.filter((requestId) => events.chosen(key, requestId).length === 1);
    const appliedTwice = written.filter((requestId) => events.chosen(key, requestId).length > 1);
    expect(appliedTwice, story).toEqual([]);
    expect(finalVersion, story).toBe(appliedOnce.length);
  }, 60_000);
});
