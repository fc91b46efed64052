import { describe, expect, it } from 'vitest';
import type { NodeView } from '../../../app/contract/console-state';
import { applyFaultChange, healthyFaultState, partitionFromSplit } from '../../../app/model/fault-model';
import { defaultTopology, nodeLocations, placementGroups } from '../../../app/model/topology';
import { placeKey } from '../../../app/paxos/placement';
import { ingestBatch } from '../../../renderer/store/ingest';
import { emptyObservedCluster, newNodeActivity } from '../../../renderer/store/observed-cluster';
import { heldMessages, messageById, recentEvent } from '../../../renderer/store/selectors/message-views';
import { isCutOff, nodeHealth } from '../../../renderer/store/selectors/node-health';
import { plogLens, recentKeys } from '../../../renderer/store/selectors/plog-lens';
import {
  groupQuorum,
  keyQuorum,
  replicaTriples,
} from '../../../renderer/store/selectors/quorum-availability';
import { topologyForTrace } from '../../../renderer/store/selectors/trace-topology';
import { ballot, eventFactory } from './cluster-events';

const topology = defaultTopology();
const group = placementGroups(topology)[0]!;
const locations = nodeLocations(topology);
const allNodes = locations.map((node) => node.id);
const dcNodes = (dc: string) => locations.filter((node) => node.datacenterId === dc).map((node) => node.id);

function processNode(id: string, patch: Partial<NodeView> = {}): NodeView {
  return {
    id,
    datacenterId: 'dc1',
    miniClusterId: 'dc1-mc1',
    groupId: 'g1',
    address: '127.0.0.1:1',
    process: 'running',
    pid: 1,
    pausedBy: null,
    health: 'serving',
    healthReason: '',
    learnerOnly: false,
    syncRelaxed: false,
    restarts: 0,
    exit: null,
    eventsDropped: 0,
    actions: [],
    ...patch,
  };
}

describe('group quorum', () => {
  it('knows every replica triple the placement formulas use: one node per datacenter', () => {
    const triples = replicaTriples(group);
    expect(triples).toHaveLength(8);
    const dcOf = new Map(locations.map((node) => [node.id, node.datacenterId]));
    for (const triple of triples) expect(new Set(triple.map((node) => dcOf.get(node))).size).toBe(3);
    const placed = new Set(
      Array.from({ length: 2000 }, (_, i) => [...placeKey([group], `key-${i}`).replicas].sort().join(' ')),
    );
    expect(placed).toEqual(new Set(triples.map((triple) => [...triple].sort().join(' '))));
  });

  it('is available with every node up, degraded with one down, blocked with two in different datacenters', () => {
    const healthy = healthyFaultState();
    expect(groupQuorum(group, () => true, healthy).state).toBe('available');
    const oneDown = groupQuorum(group, (node) => node !== 'n0', healthy);
    expect(oneDown).toMatchObject({ state: 'degraded', blockedPlacements: 0 });
    expect(oneDown.reason).toContain('n0');
    const twoDown = groupQuorum(group, (node) => node !== 'n0' && node !== 'n1', healthy);
    expect(twoDown).toMatchObject({ state: 'blocked', blockedPlacements: 2, placements: 8 });
  });

  it('stays degraded when both nodes of one datacenter are down: no key has two replicas there', () => {
    const [a, b] = dcNodes('dc1');
    expect(groupQuorum(group, (node) => node !== a && node !== b, healthyFaultState()).state).toBe(
      'degraded',
    );
  });

  it('is blocked by a datacenter partition for the keys whose other replicas are split apart', () => {
    const split = { sides: [dcNodes('dc1'), [...dcNodes('dc2'), ...dcNodes('dc3')]], oneWay: false };
    const faults = { ...healthyFaultState(), reachable: partitionFromSplit(split, allNodes) };
    // Every key still has its dc2 and dc3 replicas, which reach each other.
    const degraded = groupQuorum(group, () => true, faults);
    expect(degraded.state).toBe('degraded');
    expect(degraded.reason).toMatch(new RegExp(`^${dcNodes('dc1').join(', ')} are down or cut off`));
    const dc2Down = (node: string) => !dcNodes('dc2').includes(node);
    expect(groupQuorum(group, dc2Down, faults).state).toBe('blocked');
  });

  it('explains why one key cannot be written', () => {
    const replicas = placeKey([group], 'k1').replicas;
    const result = keyQuorum(replicas, (node) => node === replicas[0], healthyFaultState());
    expect(result.writable).toBe(false);
    expect(result.reason).toContain(`${replicas[1]} and ${replicas[2]} cannot vote`);
    expect(keyQuorum(replicas, () => true, healthyFaultState()).writable).toBe(true);
  });

  it('calls a group with only a one-way cut degraded, naming no node', () => {
    const faults = applyFaultChange(healthyFaultState(), { kind: 'cut', from: 'n0', to: 'n1' }, allNodes);
    expect(groupQuorum(group, () => true, faults)).toMatchObject({
      state: 'degraded',
      reason: 'Some links are cut, but every key still has 2 of 3 replicas that can agree.',
    });
  });

  it('treats a one-way cut as breaking the pair', () => {
    const [a, b, c] = placeKey([group], 'k1').replicas;
    let faults = applyFaultChange(healthyFaultState(), { kind: 'cut', from: a, to: b }, allNodes);
    expect(keyQuorum([a, b, c], (node) => node !== c, faults).writable).toBe(false);
    faults = healthyFaultState();
    expect(keyQuorum([a, b, c], (node) => node !== c, faults).writable).toBe(true);
  });
});

describe('node health', () => {
  it('puts the process state first, then the node’s own account, then the partition', () => {
    const activity = { ...newNodeActivity('n0'), lifecycle: 'up' as const };
    expect(nodeHealth(processNode('n0', { process: 'killed' }), activity, true)).toBe('killed');
    expect(nodeHealth(processNode('n0', { process: 'paused', pausedBy: 'sigstop' }), activity, false)).toBe(
      'paused',
    );
    expect(nodeHealth(processNode('n0', { learnerOnly: true }), activity, true)).toBe('learnerOnly');
    expect(nodeHealth(processNode('n0'), activity, true)).toBe('cutOff');
    expect(nodeHealth(processNode('n0', { health: 'unreachable' }), activity, false)).toBe('unreachable');
    expect(nodeHealth(processNode('n0'), activity, false)).toBe('up');
    expect(nodeHealth(undefined, { ...activity, lifecycle: 'paused' }, false)).toBe('paused');
    expect(nodeHealth(undefined, undefined, false)).toBe('unknown');
  });

  it('calls the nodes of a datacenter cut off by a partition, and only those', () => {
    const split = { sides: [dcNodes('dc1'), [...dcNodes('dc2'), ...dcNodes('dc3')]], oneWay: false };
    const faults = { ...healthyFaultState(), reachable: partitionFromSplit(split, allNodes) };
    const cut = locations.filter((node) => isCutOff(faults, node, locations)).map((node) => node.id);
    expect(cut.sort()).toEqual(dcNodes('dc1').sort());
  });
});

describe('PLog lens and messages', () => {
  it('lines up the replicas’ rows by index, newest first, and finds the latest change', () => {
    const event = eventFactory();
    const where = (index: number) => ({ key: 'k', index, ballot: ballot(1, 1) });
    const state = ingestBatch(emptyObservedCluster(), [
      event('n0', { type: 'chosen', requestId: 'a', version: 1 }, where(1)),
      event('n1', { type: 'chosen', requestId: 'a', version: 1 }, where(1)),
      event('n0', { type: 'acceptedValue', requestId: 'b' }, where(2)),
      event('n2', { type: 'promised', peer: 'n0' }, { key: 'other', index: 1, ballot: ballot(1, 1) }),
    ]);
    const lens = plogLens(state.keys.k, 'k', ['n0', 'n1', 'n2']);
    expect(lens.rows.map((row) => row.index)).toEqual([2, 1]);
    expect(lens.rows[0]!.cells.map((cell) => cell?.requestId ?? null)).toEqual(['b', null, null]);
    expect(lens.rows[1]!.cells.map((cell) => cell?.chosen ?? null)).toEqual([true, true, null]);
    expect(lens.latestChangeN).toBe(3);
    expect(recentKeys(state)).toEqual(['other', 'k']);
  });

  it('lists held messages oldest first and pairs a receive with its send', () => {
    const event = eventFactory();
    const fields = (id: string) => ({ messageId: id, messageType: 'accept' as const, peer: 'n1' });
    const state = ingestBatch(emptyObservedCluster(), [
      event('n0', { type: 'messageSent', ...fields('n0:1') }),
      event('n0', { type: 'messageSent', ...fields('n0:2') }),
      event('n0', { type: 'messageHeld', ...fields('n0:2') }),
      event('n0', { type: 'messageHeld', ...fields('n0:1') }),
      event('n1', { type: 'messageReceived', messageId: 'n0:9', messageType: 'prepare', peer: 'n0' }),
      event('n0', { type: 'messageSent', messageId: 'n0:9', messageType: 'prepare', peer: 'n1' }),
    ]);
    expect(heldMessages(state).map((message) => message.id)).toEqual(['n0:1', 'n0:2']);
    const message = messageById(state, 'n0:9')!;
    expect(recentEvent(state, message.sendEventN!)).toMatchObject({ n: 6, type: 'messageSent' });
    expect(recentEvent(state, message.receiveEventN!)).toMatchObject({ n: 5, type: 'messageReceived' });
  });
});

describe('trace topology', () => {
  it('draws a trace of the default cluster’s nodes on the default topology, and no other trace', () => {
    expect(topologyForTrace(['n0', 'n3', 'n5'])?.datacenters).toHaveLength(3);
    expect(topologyForTrace(['n0', 'x9'])).toBeNull();
    expect(topologyForTrace([])).toBeNull();
  });
});
