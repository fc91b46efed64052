import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { createPrng } from '../../../app/util/prng';
import { emptyRetryTally, roamingWrite, worthRetrying } from '../../../main/harness/roaming-write';
import { KvCallError } from '../../../node-agent/kit/client/kv-client';
import { kvFailureOf } from '../../../node-agent/kit/grpc/kv-failure';
import { grpcError, scriptedKv, timedOut, type Answer } from './kv-fakes';

const agents = ['n0', 'n1', 'n2', 'n3', 'n4', 'n5'];
const put = { kind: 'put' as const, key: 'k', value: new Uint8Array([1]) };

async function roam(answers: Record<string, Answer>, deadlineInMs = 60_000) {
  const kv = scriptedKv(answers);
  const tally = emptyRetryTally();
  const deadlineUnixMs = Date.now() + deadlineInMs;
  const options = { agents, attemptMs: 2000, deadlineUnixMs, prng: createPrng(7), tally };
  const outcome = await roamingWrite(kv, put, 'c1-r', options).catch((error: unknown) => error);
  return { kv, tally, outcome, deadlineUnixMs };
}

describe('a roaming write', () => {
  it('retries a timed-out attempt with the same request id on other agents until one answers', async () => {
    const { kv, tally, outcome, deadlineUnixMs } = await roam({ n3: { version: 4, path: 'dedup' } });
    expect(outcome).toMatchObject({ answeredBy: 'n3', reply: { version: 4, path: 'dedup' } });
    const asked = kv.calls.map((call) => call.nodeId);
    expect(asked.at(-1)).toBe('n3');
    expect(new Set(asked).size, 'each agent at most once').toBe(asked.length);
    expect(kv.calls.every((call) => call.operation === put && call.requestId === 'c1-r')).toBe(true);
    for (const call of kv.calls) {
      // The client waits attemptMs; the agent is told the operation's own deadline.
      expect(call.timeoutMs).toBe(2000);
      expect(Math.abs(Date.now() + call.realLimitMs - deadlineUnixMs)).toBeLessThan(1000);
    }
    expect(tally).toEqual({ roaming: 1, retried: asked.length > 1 ? 1 : 0, attempts: asked.length });
  });

  it('stops at a definite refusal and at INDETERMINATE, and tries each agent once at most', async () => {
    const definite = grpcError(status.ABORTED, { code: 'VERSION_CONFLICT', definite: true });
    const stopped = await roam(Object.fromEntries(agents.map((id) => [id, definite])));
    expect(stopped.kv.calls).toHaveLength(1);
    expect((stopped.outcome as KvCallError).attempts.map((a) => a.failure.definite)).toEqual([true]);

    const indeterminate = grpcError(status.ABORTED, { code: 'INDETERMINATE', definite: false });
    expect((await roam(Object.fromEntries(agents.map((id) => [id, indeterminate])))).kv.calls).toHaveLength(
      1,
    );

    const everyoneSilent = await roam({});
    expect(everyoneSilent.kv.calls.map((call) => call.nodeId).sort()).toEqual(agents);
    expect(everyoneSilent.outcome).toBeInstanceOf(KvCallError);
  });

  it('asks nobody once the operation deadline has passed', async () => {
    const { kv, outcome } = await roam({}, -1);
    expect(kv.calls).toEqual([]);
    expect((outcome as KvCallError).attempts).toEqual([]);
  });

  it('retries after timeouts and failures that are not definite, never after definite ones', () => {
    const after = (error: ReturnType<typeof grpcError>) => worthRetrying(kvFailureOf(error));
    expect(after(timedOut())).toBe(true);
    expect(after(grpcError(status.UNAVAILABLE, { code: 'UNAVAILABLE', definite: false }))).toBe(true);
    expect(after(grpcError(status.ABORTED, { code: 'PREEMPTED', definite: false }))).toBe(true);
    expect(after(grpcError(status.ABORTED, { code: 'INDETERMINATE', definite: false }))).toBe(false);
    expect(after(grpcError(status.INVALID_ARGUMENT, { code: 'INVALID_ARGUMENT', definite: true }))).toBe(
      false,
    );
  });
});
