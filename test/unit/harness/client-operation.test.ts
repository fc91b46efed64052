import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { createPrng } from '../../../app/util/prng';
import { runOperation, type OperationContext } from '../../../main/harness/client-operation';
import { emptyRetryTally } from '../../../main/harness/roaming-write';
import { grpcError, scriptedKv, timedOut, type Answer } from './kv-fakes';

const agents = ['n0', 'n1', 'n2'];
const origin = { id: 'c1-1', client: 'c1' };
const put = { kind: 'put', key: 'k', value: new Uint8Array([7]) } as const;

/** Every write roams; the clock moves one ms per reading, so call and return times are distinct. */
function context(answers: Record<string, Answer>) {
  let clock = 0;
  const kv = scriptedKv(answers);
  const operationContext: OperationContext = {
    kv,
    read: () => Promise.reject(new Error('no reads here')),
    now: () => (clock += 1),
    requestDeadlineMs: 60_000,
    prng: createPrng(3),
    roaming: { share: 1, attemptMs: 1000, agents, tally: emptyRetryTally() },
  };
  return { kv, operationContext };
}

const definite = grpcError(status.ABORTED, { code: 'VERSION_CONFLICT', definite: true });
const notDefinite = grpcError(status.ABORTED, { code: 'PREEMPTED', definite: false });

describe('a write retried on other agents is one operation of the history', () => {
  it('called at the first attempt, ok with the version a dedup answer reports', async () => {
    const { kv, operationContext } = context({
      n0: timedOut(),
      n1: timedOut(),
      n2: { version: 4, path: 'dedup' },
    });
    const operation = await runOperation(origin, put, operationContext);
    expect(operation).toMatchObject({ id: 'c1-1', callMs: 1, outcome: 'ok', result: { version: 4 } });
    expect(operation).toMatchObject({ kind: 'put', key: 'k', value: put.value });
    expect(operation.returnMs).toBe(2);
    expect(kv.calls).toHaveLength(3);
    expect(new Set(kv.calls.map((call) => call.requestId)).size).toBe(1);
  });

  it('unknown when no attempt answered and any failure was not definite', async () => {
    const { kv, operationContext } = context({ n0: timedOut(), n1: definite, n2: definite });
    expect((await runOperation(origin, put, operationContext)).outcome).toBe('unknown');
    // Seed 3 asks n0 first: its timeout is the failure that is not definite.
    expect(kv.calls.map((call) => call.nodeId)[0]).toBe('n0');
    const preempted = context({ n0: notDefinite, n1: notDefinite, n2: notDefinite });
    expect((await runOperation(origin, put, preempted.operationContext)).outcome).toBe('unknown');
    expect(preempted.kv.calls).toHaveLength(3);
  });

  it('fail only when every attempt was refused definitely', async () => {
    const { kv, operationContext } = context({ n0: definite, n1: definite, n2: definite });
    expect(await runOperation(origin, put, operationContext)).toMatchObject({ outcome: 'fail', returnMs: 2 });
    expect(kv.calls, 'a definite refusal ends the operation').toHaveLength(1);
  });
});
