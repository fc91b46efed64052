/**
 * Truncating WPaxos's slot logs: applied slots below a node's previous snapshot leave its memory, and
 * their records leave its disk as the ring of slot records is overwritten; a node that was away catches
 * up through a peer's snapshot; a restart rebuilds the same state from the snapshot and the slots after
 * it; a thief behind its Q1's log bases catches up before it reconciles. Six real cores stepped by hand.
 */
import { describe, expect, it } from 'vitest';
import { ringSlots } from '../../../app/wpaxos/record';
import { snapshotEvery } from '../../../app/wpaxos/snapshot';
import { GridCluster, members, put } from './grid-cluster';

const text = (bytes: Uint8Array | null | undefined) => (bytes ? new TextDecoder().decode(bytes) : null);

/** `count` writes of k1 through `node`, each run until it settles. */
function writes(cluster: GridCluster, node: string, count: number, from = 0): void {
  for (let i = from; i < from + count; i++) {
    cluster.client(node, put(`w${i}`, 'k1', `v${i}`));
    cluster.run(3);
  }
}

describe('WPaxos slot-log truncation', () => {
  it('keeps memory and the PLog bounded however long the log grows, and a restart rebuilds the same state', () => {
    const cluster = new GridCluster(0);
    const total = ringSlots * 2 + 37;
    writes(cluster, 'n0', total);
    expect(cluster.reply(`w${total - 1}`)).toMatchObject({ ok: true, version: total });
    for (const node of members) {
      const object = cluster.states.get(node)!.objects.k1!;
      expect(object.commitPoint).toBeGreaterThanOrEqual(total);
      expect(Object.keys(object.log).length).toBeLessThanOrEqual(2 * snapshotEvery);
      expect(object.logBase).toBeGreaterThan(total - 2 * snapshotEvery - 1);
      const slotRecords = [...cluster.disks.get(node)!.values()].filter((record) => record.kind === 'slot');
      expect(slotRecords.length).toBeLessThanOrEqual(ringSlots);
      expect(Math.min(...slotRecords.map((record) => record.slot))).toBeGreaterThan(total - ringSlots);
    }
    const before = cluster.states.get('n3')!;
    cluster.restart('n3');
    const after = cluster.states.get('n3')!;
    expect(after.kv.k1).toEqual(before.kv.k1);
    expect(after.objects.k1!.commitPoint).toBe(before.objects.k1!.commitPoint);
    expect(after.objects.k1!.recentZones).toEqual(before.objects.k1!.recentZones);
    expect(text(after.kv.k1!.value)).toBe(`v${total - 1}`);
  });

  it('a node away for many snapshots catches up from a peer snapshot and answers reads with the newest value', () => {
    const cluster = new GridCluster(0);
    writes(cluster, 'n0', 3);
    cluster.down.add('n5');
    writes(cluster, 'n0', 5 * snapshotEvery, 3);
    cluster.down.delete('n5');
    cluster.client('n5', { requestId: 'r1', operation: { kind: 'get', key: 'k1' } });
    cluster.run(20);
    const installed = cluster.eventsOf('snapshotInstalled').filter(({ node }) => node === 'n5');
    expect(installed).toHaveLength(1);
    expect(installed[0]!.event.fromSlot).toBe(4);
    const last = `v${3 + 5 * snapshotEvery - 1}`;
    expect(cluster.reply('r1')).toMatchObject({ ok: true });
    expect(text((cluster.reply('r1') as { value: Uint8Array }).value)).toBe(last);
    expect(text(cluster.states.get('n5')!.kv.k1!.value)).toBe(last);
  });

  it('a thief behind its Q1 members’ log bases catches up from a snapshot before it reconciles (F = 1)', () => {
    const cluster = new GridCluster(1);
    writes(cluster, 'n0', 2);
    cluster.down.add('n1');
    writes(cluster, 'n0', 4 * snapshotEvery, 2);
    // Zone 1 goes dark and n1 (zone 2) comes back: a write through n1 must steal k1 with a Q1 of zones 2
    // and 3, whose members dropped the slots n1 lacks.
    cluster.down.delete('n1');
    cluster.down.add('n0');
    cluster.down.add('n3');
    cluster.client('n1', put('late', 'k1', 'from n1'));
    cluster.run(400);
    const n1 = (type: Parameters<GridCluster['eventsOf']>[0]) =>
      cluster.events
        .filter(({ node, event }) => node === 'n1' && event.type === type)
        .map(({ event }) => event);
    const stole = n1('stole');
    expect(stole.length).toBeGreaterThan(0);
    const installedAt = cluster.events.findIndex(
      ({ node, event }) => node === 'n1' && event.type === 'snapshotInstalled',
    );
    const stoleAt = cluster.events.findIndex(({ node, event }) => node === 'n1' && event.type === 'stole');
    expect(installedAt).toBeGreaterThanOrEqual(0);
    expect(installedAt).toBeLessThan(stoleAt);
    expect(cluster.reply('late')).toMatchObject({ ok: true, version: 2 + 4 * snapshotEvery + 1 });
    // Nothing chosen was lost: no no-op filled a slot the others had applied.
    expect(n1('noopFilled')).toEqual([]);
  });
});
