import type { ServiceError } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { HistoryOperation } from '../../../app/checker/history';
import { failureOf } from '../../../main/harness/client-operation';
import { findLostWrites } from '../../../main/harness/lost-writes';
import { KvCallError, type KvAttempt } from '../../../node-agent/kit/client/kv-client';
import type { KvFailure } from '../../../node-agent/kit/grpc/kv-failure';

function attempt(failure: Partial<KvFailure>): KvAttempt {
  return {
    nodeId: 'n0',
    failure: {
      grpcCode: 10,
      coreCode: undefined,
      message: 'm',
      field: undefined,
      definite: undefined,
      currentVersion: undefined,
      replicas: undefined,
      ...failure,
    },
    error: new Error('m') as ServiceError,
  };
}

describe('operation outcome', () => {
  it('is fail only when every replica asked said definitely not applied', () => {
    const conflict = attempt({ coreCode: 'VERSION_CONFLICT', definite: true, currentVersion: 4 });
    expect(failureOf('cas', new KvCallError([conflict]))).toEqual({
      outcome: 'fail',
      result: { currentVersion: 4 },
    });
    expect(failureOf('put', new KvCallError([attempt({ coreCode: 'BUSY', definite: true })]))).toEqual({
      outcome: 'fail',
    });
    expect(failureOf('cas', new KvCallError([attempt({ grpcCode: 4 }), conflict]))).toEqual({
      outcome: 'unknown',
    });
    expect(failureOf('put', new KvCallError([attempt({ coreCode: 'PREEMPTED', definite: false })]))).toEqual({
      outcome: 'unknown',
    });
    expect(failureOf('put', new Error('socket hang up'))).toEqual({ outcome: 'unknown' });
  });

  it('is fail when the deadline passed before any replica was asked', () => {
    expect(failureOf('delete', new KvCallError([]))).toEqual({ outcome: 'fail' });
  });
});

const text = (value: string) => new TextEncoder().encode(value);
function put(id: string, value: string, version: number): HistoryOperation {
  return {
    id,
    client: 'c1',
    kind: 'put',
    key: 'k',
    value: text(value),
    callMs: 0,
    returnMs: 1,
    outcome: 'ok',
    result: { version },
  };
}
function read(id: string, client: string, value: string | null, version: number): HistoryOperation {
  return {
    id,
    client,
    kind: 'get',
    key: 'k',
    callMs: 2,
    returnMs: 3,
    outcome: 'ok',
    result: { value: value === null ? null : text(value), version },
  };
}

describe('lost acknowledged writes', () => {
  it('none when the final state holds the newest acknowledged version', () => {
    expect(findLostWrites([put('w1', 'a', 1), put('w2', 'b', 2), read('s', 'settle', 'b', 2)])).toEqual([]);
  });

  it('a write acknowledged at a version above the final one is lost', () => {
    const lost = findLostWrites([put('w1', 'a', 1), put('w2', 'b', 2), read('s', 'settle', 'a', 1)]);
    expect(lost.map((write) => write.operation.id)).toEqual(['w2']);
    expect(lost[0]!.reason).toBe('version 2 acknowledged, final version 1');
  });

  it('a write whose version a read saw holding another value is lost', () => {
    const lost = findLostWrites([
      put('w1', 'a', 1),
      read('r1', 'c2', 'x', 1),
      put('w2', 'b', 2),
      read('s', 'settle', 'b', 2),
    ]);
    expect(lost.map((write) => write.operation.id)).toEqual(['w1']);
  });
});
