/**
 * The console's fault plan over real agents: after "stop holding" with a message still in one agent's
 * gate, every agent keeps its protocol time stopped (hold.heldAt in the fault state they all have), not
 * only the one holding it; when the last held message is released, every agent runs again at the pace
 * the person chose, and the write whose accepts were held completes.
 */
import { describe, expect, it } from 'vitest';
import type { HeldMessage } from '../../../app/proto/generated/control';
import { FaultPlan } from '../../../main/faults/fault-plan';
import { newRequestId } from '../../../node-agent/kit/client/kv-client';
import { useControlCluster, type ControlCluster } from '../events/control-cluster';

const getCluster = useControlCluster('hold-tray-time');

/** Longer than the agents' 2 s request deadline, so a running clock would have expired the write. */
const personDelayMs = 2_500;

function planOver(cluster: ControlCluster): FaultPlan {
  const agents = [...cluster.control].map(([nodeId, control]) => [nodeId, { nodeId, control }] as const);
  return new FaultPlan(new Map(agents));
}

async function ratesOf(cluster: ControlCluster): Promise<Record<string, number | undefined>> {
  const entries = await Promise.all(
    [...cluster.control].map(
      async ([nodeId, client]) => [nodeId, (await client.status()).pace?.rate] as const,
    ),
  );
  return Object.fromEntries(entries);
}

function everyAgentAt(cluster: ControlCluster, rate: number): Record<string, number> {
  return Object.fromEntries([...cluster.control.keys()].map((nodeId) => [nodeId, rate]));
}

/** Everything `node` holds, once it holds at least `count` messages for `key`. */
async function heldAt(plan: FaultPlan, node: string, key: string, count: number): Promise<HeldMessage[]> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const held = (await plan.held()).filter((message) => message.from === node);
    if (held.filter((message) => message.key === key).length >= count) return held;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${node} never held ${count} messages for ${key}`);
}

describe('hold mode ends with messages still in the tray', () => {
  it('every agent stays stopped until the last held message is released, then runs at the chosen pace', async () => {
    const cluster = getCluster();
    const plan = planOver(cluster);
    const key = 'tray-key';
    const [a] = cluster.kv.replicasOf(key) as [string, string, string];
    await cluster.putThrough(a, key, 'first');
    await plan.setPace(0.5);
    try {
      await plan.apply({ kind: 'hold', link: { from: a, to: '*' } });
      let settled = false;
      const operation = { kind: 'put' as const, key, value: new TextEncoder().encode('second') };
      const write = cluster.kv
        .callNode(a, operation, { requestId: newRequestId('test'), timeoutMs: personDelayMs * 8 })
        .finally(() => (settled = true));
      const held = await heldAt(plan, a, key, 2);
      const outcome = await plan.apply({ kind: 'unhold', link: { from: a, to: '*' } });
      expect(outcome.faults.hold).toEqual({ all: false, links: [], heldAt: [a] });
      expect(await ratesOf(cluster), 'no agent runs while anything is held').toEqual(
        everyAgentAt(cluster, 0),
      );
      await new Promise((resolve) => setTimeout(resolve, personDelayMs));
      expect(settled, 'the write waits for the person').toBe(false);
      for (const message of held.slice(0, -1)) await plan.release(a, message.id, 'deliver');
      expect(await ratesOf(cluster), 'one message left: still stopped').toEqual(everyAgentAt(cluster, 0));
      await plan.release(a, held.at(-1)!.id, 'deliver');
      expect(plan.current().hold.heldAt).toEqual([]);
      expect(await ratesOf(cluster), 'the tray is empty').toEqual(everyAgentAt(cluster, 0.5));
      expect((await write).index).toBeGreaterThan(1);
    } finally {
      await plan.apply({ kind: 'unhold' });
      for (const message of await plan.held()) await plan.release(message.from, message.id, 'drop');
      await plan.setPace(1);
    }
    expect(await ratesOf(cluster)).toEqual(everyAgentAt(cluster, 1));
  });
});
