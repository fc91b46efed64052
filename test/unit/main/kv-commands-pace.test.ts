import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AgentClient } from '../../../main/agents/agent-client';
import { kvCallTimeoutMs, runKv } from '../../../main/console/kv-commands';
import {
  answerOk,
  neverAnswer,
  startScriptedKvServer,
  type ScriptedKvServer,
} from '../../support/scripted-kv-server';

const input = { nodeId: 'n0', operation: { kind: 'put', key: 'k', value: 'v' } } as const;

const opened: { server: ScriptedKvServer; client: AgentClient }[] = [];

/** The console's client of one agent that serves (or refuses) Pipeline and answers as scripted. */
async function agent(answer = neverAnswer, pipeline: 'serve' | 'refuse' = 'serve') {
  const server = await startScriptedKvServer(answer, { pipeline });
  const client = new AgentClient('n0', server.address, 'token');
  opened.push({ server, client });
  return { server, client };
}

afterEach(() => {
  for (const { server, client } of opened.splice(0)) {
    client.close();
    server.stop();
  }
});

describe('console kv calls under a protocol-time limit', () => {
  // The paced limit counts on setInterval; gRPC's sockets and the request's own timer run for real.
  beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance', 'Date'] }));
  afterEach(() => vi.useRealTimers());

  it('waits as long as protocol time stands still, then runs the limit down once it moves', async () => {
    const { server, client } = await agent();
    let rate = 0;
    let settled = false;
    const arrived = server.nextRequest();
    const result = runKv(client, input, () => rate).finally(() => (settled = true));
    const request = await arrived;
    expect(request.via, 'the console calls its agent on the Pipeline stream').toBe('pipeline');
    await vi.advanceTimersByTimeAsync(kvCallTimeoutMs * 10);
    expect(settled, 'no client-side timeout while holding').toBe(false);
    // Like a unary call's gRPC deadline, the request's own ends only at the paced attempt's real limit.
    expect(request.op.value.deadlineUnixMs - Date.now()).toBeGreaterThan(kvCallTimeoutMs);
    rate = 1;
    await vi.advanceTimersByTimeAsync(kvCallTimeoutMs + 100);
    expect(await result).toMatchObject({
      ok: false,
      code: 'DEADLINE_EXCEEDED',
      message: `no answer within ${kvCallTimeoutMs} ms of protocol time`,
    });
    expect(client.kv.inFlight, 'the ended request is forgotten').toBe(0);
  });

  it('ends after the usual limit at real-time pace', async () => {
    const { server, client } = await agent();
    const arrived = server.nextRequest();
    const result = runKv(client, input, () => 1);
    await arrived;
    await vi.advanceTimersByTimeAsync(kvCallTimeoutMs + 100);
    expect(await result).toMatchObject({ ok: false, code: 'DEADLINE_EXCEEDED' });
  });
});

describe('console kv calls to a node that serves no Pipeline (a simulated node)', () => {
  it('sends the same request as a unary call, once, and every later one too', async () => {
    const { server, client } = await agent(answerOk, 'refuse');
    const first = await runKv(client, { ...input, requestId: 'r1' }, () => 1);
    expect(first).toMatchObject({ ok: true, requestId: 'r1', servedBy: 'n0' });
    const second = await runKv(client, { ...input, requestId: 'r2' }, () => 1);
    expect(second).toMatchObject({ ok: true, requestId: 'r2' });
    expect(server.seen.map((seen) => seen.via)).toEqual(['unary', 'unary']);
    expect(client.kv.pipelined).toBe(false);
  });
});
