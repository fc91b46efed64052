import { describe, expect, it } from 'vitest';
import type { ClientReply } from '../../../app/kv/operations';
import { compareRow, formatComparison } from '../../../app/simulator/protocol-comparison';
import type { ClientCall } from '../../../app/simulator/sim-state';

const okReply: ClientReply = { requestId: 'c', ok: true, version: 1, value: null, index: 1, path: 'fast' };
const failedReply: ClientReply = {
  requestId: 'c',
  ok: false,
  code: 'UNAVAILABLE',
  message: 'no quorum',
  definite: false,
};

function call(invokedAtMs: number, latencyMs: number | null, ok: boolean, attempt = 1): ClientCall {
  return {
    callId: `c${invokedAtMs}`,
    requestId: `c${invokedAtMs}`,
    attempt,
    node: 'n0',
    incarnation: 1,
    op: { kind: 'get', key: 'k1' },
    deadlineMs: null,
    invokedAtMs,
    reply: latencyMs === null ? null : ok ? okReply : failedReply,
    repliedAtMs: latencyMs === null ? null : invokedAtMs + latencyMs,
  };
}

describe('protocol comparison', () => {
  it('splits availability at the heal, counts first attempts and takes latency from ok calls', () => {
    const row = compareRow('quorumkv', [
      {
        calls: [call(10, 5, true), call(20, 100, false), call(30, null, false, 2), call(200, 7, true)],
        chaosEndMs: 100,
        clean: false,
        anomalyKinds: ['lost-update', 'lost-update'],
      },
      { calls: [call(150, 9, true)], chaosEndMs: 100, clean: true, anomalyKinds: [] },
    ]);
    expect(row).toMatchObject({ runs: 2, runsClean: 1, calls: 5, p50Ms: 7, p99Ms: 9 });
    expect(row.availabilityDuringFaults).toBeCloseTo(1 / 3);
    expect(row.availabilityAfterHeal).toBe(1);
    // Four first attempts, one failed; the unanswered retry is not a first access.
    expect(row.firstAccessFailureRate).toBeCloseTo(1 / 4);
    expect(row.anomalies).toEqual(['lost-update 2']);
    const table = formatComparison([row]);
    expect(table.split('\n')).toHaveLength(3);
    expect(table).toContain('33.3%');
  });
});
