import { describe, expect, it } from 'vitest';
import type { ClientReply } from '../../app/paxos/types';
import type { ClientOp } from '../../app/simulator/inputs';
import type { ClientCall } from '../../app/simulator/sim-state';
import { staleReads, toHistoryOperation } from './client-history';

function call(
  requestId: string,
  op: ClientOp,
  invokedAtMs: number,
  reply: ClientReply | null,
  repliedAtMs: number | null,
): ClientCall {
  return { requestId, node: 'n2', op, invokedAtMs, reply, repliedAtMs };
}

const ok = (requestId: string, version: number, value: Uint8Array | null = null): ClientReply => ({
  requestId,
  ok: true,
  version,
  value,
  index: version,
  path: 'prepare',
});

describe('client history', () => {
  it('maps replies to the checker outcomes: ok, definite fail, unknown', () => {
    const put = call('c1', { kind: 'put', key: 'k1', value: 'a' }, 0, ok('c1', 1), 5);
    const conflict = call(
      'c2',
      { kind: 'cas', key: 'k1', value: 'b', expectedVersion: 0 },
      6,
      {
        requestId: 'c2',
        ok: false,
        code: 'VERSION_CONFLICT',
        message: '',
        currentVersion: 1,
        definite: true,
      },
      7,
    );
    const maybe = call(
      'c3',
      { kind: 'delete', key: 'k1' },
      8,
      { requestId: 'c3', ok: false, code: 'PREEMPTED', message: '', definite: false },
      20,
    );
    const lost = call('c4', { kind: 'get', key: 'k1' }, 9, null, null);
    expect(toHistoryOperation(put)).toMatchObject({ outcome: 'ok', result: { version: 1 }, returnMs: 5 });
    expect(toHistoryOperation(conflict)).toMatchObject({ outcome: 'fail', result: { currentVersion: 1 } });
    expect(toHistoryOperation(maybe)).toMatchObject({ outcome: 'unknown', returnMs: 20 });
    expect(toHistoryOperation(lost)).toMatchObject({ outcome: 'unknown', returnMs: null });
  });

  it('flags a read that began after an acknowledged write and saw an older version', () => {
    const calls = [
      call('c1', { kind: 'put', key: 'k1', value: 'a' }, 0, ok('c1', 2), 10),
      call('c2', { kind: 'get', key: 'k1' }, 5, ok('c2', 1), 12),
      call('c3', { kind: 'get', key: 'k1' }, 11, ok('c3', 1), 13),
      call('c4', { kind: 'get', key: 'k2' }, 11, ok('c4', 0), 13),
    ];
    expect(staleReads(calls)).toEqual(['c3 read k1 version 1 after c1 wrote version 2']);
  });
});
