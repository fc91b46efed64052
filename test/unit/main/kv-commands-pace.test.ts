import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentClient } from '../../../main/agents/agent-client';
import { kvCallTimeoutMs, runKv } from '../../../main/console/kv-commands';

/** An agent whose put never answers until cancelled, as grpc-js answers a cancelled call. */
function silentAgent() {
  const calls: { deadline: number }[] = [];
  const put = (
    _request: unknown,
    _metadata: Metadata,
    options: { deadline: number },
    callback: (error: ServiceError | null) => void,
  ) => {
    calls.push({ deadline: options.deadline });
    return {
      cancel: () =>
        callback(
          Object.assign(new Error('1 CANCELLED: Cancelled on client'), {
            code: status.CANCELLED,
            details: 'Cancelled on client',
            metadata: new Metadata(),
          }),
        ),
    };
  };
  const client = { nodeId: 'n0', kv: { put }, metadata: () => new Metadata() } as unknown as AgentClient;
  return { client, calls };
}

const input = { nodeId: 'n0', operation: { kind: 'put', key: 'k', value: 'v' } } as const;

describe('console kv calls under a protocol-time limit', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance', 'Date'] }));
  afterEach(() => vi.useRealTimers());

  it('waits as long as protocol time stands still, then runs the limit down once it moves', async () => {
    const { client, calls } = silentAgent();
    let rate = 0;
    let settled = false;
    const result = runKv(client, input, () => rate).finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(kvCallTimeoutMs * 10);
    expect(settled, 'no client-side timeout while holding').toBe(false);
    expect(calls[0]!.deadline - Date.now()).toBeGreaterThan(kvCallTimeoutMs);
    rate = 1;
    await vi.advanceTimersByTimeAsync(kvCallTimeoutMs + 100);
    expect(await result).toMatchObject({
      ok: false,
      code: 'DEADLINE_EXCEEDED',
      message: `no answer within ${kvCallTimeoutMs} ms of protocol time`,
    });
  });

  it('ends after the usual limit at real-time pace', async () => {
    const { client } = silentAgent();
    const result = runKv(client, input, () => 1);
    await vi.advanceTimersByTimeAsync(kvCallTimeoutMs + 100);
    expect(await result).toMatchObject({ ok: false, code: 'DEADLINE_EXCEEDED' });
  });
});
