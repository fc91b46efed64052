import { describe, expect, it } from 'vitest';
import { checkHistory } from '../../app/checker/linearizability';
import type { ClientReply } from '../../app/paxos/types';
import type { ClientOp } from '../../app/simulator/inputs';
import type { ClientCall } from '../../app/simulator/sim-state';
import { splitWrites, staleReads, toHistory, toHistoryOperation } from './client-history';

function call(
  requestId: string,
  op: ClientOp,
  invokedAtMs: number,
  reply: ClientReply | null,
  repliedAtMs: number | null,
  attempt = 1,
): ClientCall {
  const callId = attempt === 1 ? requestId : `${requestId}/${attempt}`;
  return {
    callId,
    requestId,
    attempt,
    node: 'n2',
    incarnation: 1,
    op,
    deadlineMs: null,
    invokedAtMs,
    reply,
    repliedAtMs,
  };
}

const ok = (
  requestId: string,
  version: number,
  path: 'prepare' | 'dedup' = 'prepare',
  value: Uint8Array | null = null,
): ClientReply => ({ requestId, ok: true, version, value, index: version, path });

const read = (requestId: string, version: number, text: string) =>
  ok(requestId, version, 'prepare', new TextEncoder().encode(text));

const failed = (requestId: string, definite: boolean): ClientReply => ({
  requestId,
  ok: false,
  code: 'UNAVAILABLE',
  message: '',
  definite,
});

const put = (value: string): ClientOp => ({ kind: 'put', key: 'k1', value });

describe('client history', () => {
  it('maps one attempt to the checker outcomes: ok, definite fail, unknown', () => {
    const written = call('c1', put('a'), 0, ok('c1', 1), 5);
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
    expect(toHistoryOperation([written])).toMatchObject({
      outcome: 'ok',
      result: { version: 1 },
      returnMs: 5,
    });
    expect(toHistoryOperation([conflict])).toMatchObject({ outcome: 'fail', result: { currentVersion: 1 } });
    expect(toHistoryOperation([maybe])).toMatchObject({ outcome: 'unknown', returnMs: null });
    expect(toHistoryOperation([lost])).toMatchObject({ outcome: 'unknown', returnMs: null });
  });

  it('makes every attempt of a request one operation: first call, first ok reply', () => {
    const attempts = [
      call('c1', put('a'), 10, null, null),
      call('c1', put('a'), 40, failed('c1', false), 45, 2),
      call('c1', put('a'), 50, ok('c1', 3, 'dedup'), 60, 3),
      call('c1', put('a'), 55, ok('c1', 3), 58, 4),
    ];
    expect(toHistory(attempts)).toEqual([
      expect.objectContaining({ id: 'c1', callMs: 10, returnMs: 58, outcome: 'ok', result: { version: 3 } }),
    ]);
  });

  it('fails a request only when every attempt failed definitely; otherwise its outcome is unknown', () => {
    const refused = [
      call('c1', put('a'), 0, failed('c1', true), 1),
      call('c1', put('a'), 5, failed('c1', true), 9, 2),
    ];
    expect(toHistoryOperation(refused)).toMatchObject({ outcome: 'fail', returnMs: 9 });
    const oneMaybe = [refused[0]!, call('c1', put('a'), 5, failed('c1', false), 9, 2)];
    expect(toHistoryOperation(oneMaybe)).toMatchObject({ outcome: 'unknown', returnMs: null });
    const oneUnanswered = [refused[0]!, call('c1', put('a'), 5, null, null, 2)];
    expect(toHistoryOperation(oneUnanswered)).toMatchObject({ outcome: 'unknown', returnMs: null });
  });

  it('lets the linearizability checker see a retried write that was applied twice', () => {
    const once = [
      call('c1', put('a'), 0, null, null),
      call('c1', put('a'), 20, ok('c1', 1, 'dedup'), 25, 2),
      call('c2', { kind: 'get', key: 'k1' }, 30, read('c2', 1, 'a'), 32),
    ];
    expect(checkHistory(toHistory(once)).verdict).toBe('ok');
    // The retry applied the put again: the read finds version 2, which no operation produced.
    const twice = [...once.slice(0, 2), call('c2', { kind: 'get', key: 'k1' }, 30, read('c2', 2, 'a'), 32)];
    expect(checkHistory(toHistory(twice)).verdict).toBe('violation');
  });

  it('flags a write whose attempts were answered ok with two versions', () => {
    const calls = [
      call('c1', put('a'), 0, ok('c1', 1), 5),
      call('c1', put('a'), 10, ok('c1', 1, 'dedup'), 12, 2),
      call('c2', put('b'), 10, ok('c2', 2), 12),
      call('c2', put('b'), 20, ok('c2', 3), 22, 2),
      call('c3', { kind: 'get', key: 'k1' }, 20, ok('c3', 2), 22),
      call('c3', { kind: 'get', key: 'k1' }, 30, ok('c3', 3), 32, 2),
    ];
    expect(splitWrites(calls)).toEqual(['c2 was answered ok with versions 2 and 3']);
  });

  it('flags a read that began after an acknowledged write and saw an older version', () => {
    const calls = [
      call('c1', put('a'), 0, ok('c1', 2), 10),
      call('c2', { kind: 'get', key: 'k1' }, 5, ok('c2', 1), 12),
      call('c3', { kind: 'get', key: 'k1' }, 11, ok('c3', 1), 13),
      call('c4', { kind: 'get', key: 'k2' }, 11, ok('c4', 0), 13),
    ];
    expect(staleReads(toHistory(calls))).toEqual(['c3 read k1 version 1 after c1 wrote version 2']);
  });
});
