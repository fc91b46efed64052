/**
 * QuorumKV's core on three replicas wired by hand: what NWR promises (W=2 writes, R=2 reads with read
 * repair, unavailable without a majority) and the two holes PaxosStore was built to close (two
 * coordinators writing the same version, and a failed write that stays readable).
 */
import { describe, expect, it } from 'vitest';
import { defaultCoreConfig, placeKey } from '../../../app/paxos';
import type { ClientReply, ClientRequest, NodeId, PlacementGroup } from '../../../app/paxos/types';
import { quorumKv, type QuorumMessage, type QuorumNodeState } from '../../../app/quorumkv';

const groups: PlacementGroup[] = [{ id: 'g0', members: ['n0', 'n1', 'n2', 'n3', 'n4', 'n5'] }];
const key = 'k1';
const [a, b, c] = placeKey(groups, key).replicas as [NodeId, NodeId, NodeId];
const bytes = (text: string) => new TextEncoder().encode(text);
const text = (value: Uint8Array | null) => (value === null ? null : new TextDecoder().decode(value));

class Cluster {
  nodes = new Map<NodeId, QuorumNodeState>();
  inFlight: QuorumMessage[] = [];
  replies: ClientReply[] = [];
  persisted: string[] = [];

  constructor() {
    for (const id of [a, b, c]) {
      this.nodes.set(id, quorumKv.createNode(defaultCoreConfig(id, groups), { seed: 1 }));
    }
  }

  private run(node: NodeId, input: Parameters<typeof quorumKv.step>[1]): void {
    const { state, ready } = quorumKv.step(this.nodes.get(node)!, input);
    this.nodes.set(node, state);
    for (const write of ready.persist) this.persisted.push(`${node}:${write.key}@${write.record.version}`);
    if (ready.persist.length > 0) expect(ready.mustSync).toBe(true);
    this.inFlight.push(...ready.messages);
    this.replies.push(...ready.replies);
  }

  client(node: NodeId, request: ClientRequest): void {
    this.run(node, { kind: 'client', request });
  }

  /** Delivers messages (those `drop` refuses are lost) until none are left. */
  deliverAll(drop: (message: QuorumMessage) => boolean = () => false): void {
    while (this.inFlight.length > 0) {
      const message = this.inFlight.shift()!;
      if (!drop(message)) this.run(message.to, { kind: 'receive', message });
    }
  }

  tick(nowMs: number): void {
    for (const id of this.nodes.keys()) this.run(id, { kind: 'tick', nowMs });
  }

  copyAt(node: NodeId) {
    return this.nodes.get(node)!.records[key];
  }

  reply(requestId: string): ClientReply {
    const found = this.replies.find((candidate) => candidate.requestId === requestId);
    expect(found, `a reply to ${requestId}`).toBeDefined();
    return found!;
  }
}

const put = (requestId: string, value: string): ClientRequest => ({
  requestId,
  operation: { kind: 'put', key, value: bytes(value) },
});
const get = (requestId: string): ClientRequest => ({ requestId, operation: { kind: 'get', key } });

describe('QuorumKV core', () => {
  it('answers a write once two replicas stored it, and the third gets it too', () => {
    const cluster = new Cluster();
    cluster.client(a, put('w1', 'v1'));
    expect(cluster.replies).toEqual([]);
    cluster.deliverAll();
    expect(cluster.reply('w1')).toMatchObject({ ok: true, version: 1, path: 'quorum' });
    for (const node of [a, b, c]) expect(text(cluster.copyAt(node)!.value)).toBe('v1');
  });

  it('reads the newest of two copies and repairs the stale one', () => {
    const cluster = new Cluster();
    cluster.client(a, put('w1', 'v1'));
    cluster.deliverAll((message) => message.to === c); // c misses the write
    expect(cluster.copyAt(c)).toBeUndefined();
    cluster.client(c, get('r1'));
    cluster.deliverAll();
    expect(cluster.reply('r1')).toMatchObject({ ok: true, version: 1 });
    expect(text((cluster.reply('r1') as { value: Uint8Array }).value)).toBe('v1');
    expect(cluster.copyAt(c)!.version).toBe(1);
  });

  it('is unavailable without a majority of the replicas, and keeps the failed write', () => {
    const cluster = new Cluster();
    cluster.client(a, put('w1', 'v1'));
    cluster.deliverAll(() => true); // a is cut off from b and c
    cluster.tick(5_000);
    expect(cluster.reply('w1')).toMatchObject({ ok: false, code: 'UNAVAILABLE', definite: false });
    // Not undone: a still holds the write nobody acknowledged.
    expect(text(cluster.copyAt(a)!.value)).toBe('v1');
  });

  it('asks the silent replicas again every round timeout until the write reaches W', () => {
    const cluster = new Cluster();
    const roundMs = cluster.nodes.get(a)!.config.timing.roundTimeoutMs;
    cluster.client(a, put('w1', 'v1'));
    cluster.deliverAll(() => true); // both replicaWrites lost
    cluster.tick(roundMs - 1);
    expect(cluster.inFlight).toEqual([]); // not yet: one round timeout after the first send
    cluster.tick(roundMs);
    expect(cluster.inFlight.map((m) => `${m.type}→${m.to}`).sort()).toEqual(
      [`replicaWrite→${b}`, `replicaWrite→${c}`].sort(),
    );
    cluster.deliverAll();
    expect(cluster.reply('w1')).toMatchObject({ ok: true, version: 1, path: 'quorum' });
    for (const node of [a, b, c]) expect(cluster.copyAt(node)!.version).toBe(1);
    cluster.tick(roundMs * 3);
    expect(cluster.inFlight).toEqual([]); // everyone answered: nothing left to send
  });

  it('goes on sending an acknowledged write to its third replica in the background, until the deadline', () => {
    const cluster = new Cluster();
    const { roundTimeoutMs: roundMs, requestTimeoutMs } = cluster.nodes.get(a)!.config.timing;
    cluster.client(a, put('w1', 'v1'));
    cluster.deliverAll((message) => message.to === c);
    expect(cluster.reply('w1')).toMatchObject({ ok: true, version: 1 });
    expect(cluster.copyAt(c)).toBeUndefined();
    cluster.tick(roundMs);
    expect(cluster.inFlight.map((m) => `${m.type}→${m.to}`)).toEqual([`replicaWrite→${c}`]);
    cluster.deliverAll((message) => message.to === c); // lost again
    cluster.tick(2 * roundMs);
    cluster.deliverAll();
    expect(cluster.copyAt(c)!.version).toBe(1);
    expect(cluster.replies.filter((reply) => reply.requestId === 'w1')).toHaveLength(1);
    cluster.tick(3 * roundMs);
    expect(cluster.inFlight).toEqual([]); // c stored it: the replication is over
    // A replica that never answers is given up at the request's deadline; a read repair is left.
    const lonely = new Cluster();
    lonely.client(a, put('w2', 'v2'));
    lonely.deliverAll((message) => message.to === c);
    lonely.tick(requestTimeoutMs);
    lonely.deliverAll();
    expect(lonely.copyAt(c)).toBeUndefined();
    lonely.tick(requestTimeoutMs + roundMs);
    expect(lonely.inFlight).toEqual([]);
  });

  it('lets two coordinators write the same version: both are acknowledged, one is lost', () => {
    const cluster = new Cluster();
    // The lower id's write reaches the third replica first, then the higher id's replaces it there.
    const [low, high] = [a, b].sort() as [NodeId, NodeId];
    cluster.client(low, put('w-low', 'from-low'));
    cluster.client(high, put('w-high', 'from-high'));
    cluster.deliverAll();
    // Both numbered version 1 from their own empty copy, and both reached W=2 (own copy + the third).
    expect(cluster.reply('w-low')).toMatchObject({ ok: true, version: 1 });
    expect(cluster.reply('w-high')).toMatchObject({ ok: true, version: 1 });
    // Equal versions go to the higher writer id: the acknowledged 'from-low' is gone everywhere.
    for (const node of [a, b, c]) expect(text(cluster.copyAt(node)!.value)).toBe('from-high');
  });

  it('answers a retry of an applied request as a dedup on the same replica', () => {
    const cluster = new Cluster();
    cluster.client(a, put('w1', 'v1'));
    cluster.deliverAll();
    cluster.replies = [];
    cluster.client(a, put('w1', 'v1'));
    cluster.deliverAll();
    expect(cluster.reply('w1')).toMatchObject({ ok: true, version: 1, path: 'dedup' });
    expect(cluster.copyAt(a)!.version).toBe(1);
  });

  it('refuses bad input naming the field and a key it does not hold', () => {
    const cluster = new Cluster();
    cluster.client(a, { requestId: 'bad', operation: { kind: 'put', key: '', value: bytes('x') } });
    expect(cluster.reply('bad')).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
      field: 'operation.key',
    });
    const outsider = groups[0]!.members.find((node) => ![a, b, c].includes(node))!;
    const state = quorumKv.createNode(defaultCoreConfig(outsider, groups), { seed: 1 });
    const { ready } = quorumKv.step(state, { kind: 'client', request: get('r') });
    expect(ready.replies[0]).toMatchObject({ ok: false, code: 'NOT_REPLICA', replicas: [a, b, c] });
  });

  it('refuses a stored record that breaks its invariants when restarting', () => {
    const broken = { key, version: 0, writer: '', value: bytes('x'), requestId: '', requests: [] };
    expect(() => quorumKv.createNode(defaultCoreConfig(a, groups), { seed: 1, records: [broken] })).toThrow(
      /version 0 holds no value/,
    );
  });
});
