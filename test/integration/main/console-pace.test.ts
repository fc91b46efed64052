/**
 * Protocol pace through the console service with six real agent processes: setProtocolPace reaches
 * every agent and their status shows it; a restarted agent gets the chosen pace again; after "stop
 * holding" with a message still held, an agent restarted meanwhile is stopped like every other until
 * the tray is empty; and a rate outside 0–1 is refused naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeView } from '../../../app/contract/console-state';
import { ConsoleService } from '../../../main/console/console-service';
import { tempDir } from '../../support/temp-dir';
import { call, refusal, waitUntil } from './console-support';

const service = new ConsoleService({
  runsRoot: tempDir('console-pace-runs'),
  healthIntervalMs: 200,
  readyTimeoutMs: 30_000,
});

async function nodes(): Promise<NodeView[]> {
  return (await call(service, 'getSnapshot', {})).nodes;
}

/** Waits until every agent's status (read by the health probe) reports `rate` in force. */
async function everyAgentReports(rate: number): Promise<void> {
  await waitUntil(`every agent reports protocol rate ${rate}`, async () => {
    const seen = (await nodes()).map((view) => view.protocolRate);
    return seen.length === 6 && seen.every((reported) => reported === rate);
  });
}

beforeAll(async () => {
  await call(service, 'startCluster', {});
}, 60_000);

afterAll(async () => {
  await service.shutdown();
});

describe('protocol pace through the console', () => {
  it('sets every agent, and gives it again to an agent that restarts', async () => {
    expect(await call(service, 'setProtocolPace', { rate: 0.2 })).toEqual({ rate: 0.2, unreached: [] });
    expect((await call(service, 'getSnapshot', {})).cluster.protocolPace).toBe(0.2);
    await everyAgentReports(0.2);
    await call(service, 'killNode', { nodeId: 'n2' });
    await call(service, 'restartNode', { nodeId: 'n2' });
    await everyAgentReports(0.2);
  });

  it('keeps an agent restarted after "stop holding" stopped until the tray is empty', async () => {
    const key = 'pace-tray';
    await call(service, 'kv', { nodeId: 'n0', operation: { kind: 'put', key, value: 'first' } });
    await call(service, 'applyFault', { change: { kind: 'hold' } });
    const write = call(service, 'kv', { nodeId: 'n0', operation: { kind: 'put', key, value: 'second' } });
    let holders: string[] = [];
    await waitUntil('the write’s messages are held', async () => {
      const { messages } = await call(service, 'listHeld', {});
      holders = [
        ...new Set(messages.filter((message) => message.key === key).map((message) => message.from)),
      ];
      return holders.length > 0;
    });
    const unheld = await call(service, 'applyFault', { change: { kind: 'unhold' } });
    expect([...unheld.faults.hold.heldAt].sort()).toEqual([...holders].sort());
    const bystander = ['n5', 'n4', 'n3', 'n2', 'n1'].find((node) => !holders.includes(node))!;
    await call(service, 'killNode', { nodeId: bystander });
    await call(service, 'restartNode', { nodeId: bystander });
    await everyAgentReports(0);
    for (const message of (await call(service, 'listHeld', {})).messages) {
      await call(service, 'releaseHeld', { nodeId: message.from, messageId: message.id, action: 'deliver' });
    }
    expect((await call(service, 'getSnapshot', {})).faults.hold.heldAt).toEqual([]);
    await everyAgentReports(0.2);
    expect(await write).toMatchObject({ ok: true });
  });

  it('refuses a rate outside 0 to 1, naming the field and the limit', async () => {
    expect(await refusal(service, 'setProtocolPace', { rate: 2 })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'rate',
      limit: 1,
    });
    await call(service, 'setProtocolPace', { rate: 1 });
    await everyAgentReports(1);
  });
});
