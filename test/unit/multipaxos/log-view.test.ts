/**
 * What the console's slot-log lens reads: an agent's InspectKey answers a multi-Paxos key with its
 * group's log (view, leader, chosen and accepted slots, no-ops marked), which the console validates.
 */
import { describe, expect, it } from 'vitest';
import { groupLogFromJson } from '../../../app/contract/plog-view';
import { describeKeyLog } from '../../../app/multipaxos/describe';
import type { MultiPaxosMessage } from '../../../app/multipaxos';
import { inspectKey } from '../../../node-agent/process/control/key-inspector';
import { Cluster, keyWhere, put } from './cluster';

const far = keyWhere((replicas) => !replicas.includes('n0'));

describe('multi-Paxos slot log for the lens', () => {
  it('InspectKey carries the key group’s log; a new leader’s no-op shows as one', () => {
    const cluster = new Cluster();
    cluster.settle();
    const origin = far.replicas[0]!;
    const acceptAt = (slot: number, to: string[]) => (m: MultiPaxosMessage) =>
      m.type === 'accept' && m.slot === slot && to.includes(m.to);
    cluster.client(origin, put('w1', far.key, 'one'));
    cluster.deliverAll();
    // Slot 2 is accepted by nobody but the old leader; slot 3 by n1 and n4; then the leader dies.
    for (const [requestId, slot, to] of [
      ['w2', 2, []],
      ['w3', 3, ['n1', 'n4']],
    ] as const) {
      cluster.client(origin, put(requestId, far.key, requestId));
      cluster.deliverWhere((m) => m.type === 'forward');
      cluster.deliverWhere(acceptAt(slot, [...to]));
      cluster.dropWhere((m) => m.from === 'n0');
    }
    const before = groupLogFromJson(inspectKey(cluster.states.get('n4')!, 'multipaxos', far.key).logJson);
    expect(before).toMatchObject({ view: 0, leader: 'n0', leading: null, commitPoint: 1 });
    expect(before!.rows.map((row) => `${row.slot}:${row.state}`)).toEqual([
      '1:chosen',
      '2:gap',
      '3:accepted',
    ]);

    cluster.crash('n0');
    cluster.runFor(600);
    const state = cluster.states.get('n1')!;
    const answer = inspectKey(state, 'multipaxos', far.key);
    const log = groupLogFromJson(answer.logJson);
    expect(log).toEqual(describeKeyLog(state, far.key));
    expect(log).toMatchObject({ view: 1, leader: 'n1', leading: 'serving', status: 'normal' });
    const noop = log!.rows.find((row) => row.slot === 2);
    expect(noop).toMatchObject({ state: 'chosen', noop: true, command: 'noop', applied: true });
    expect(log!.rows.find((row) => row.slot === 3)).toMatchObject({ noop: false, state: 'chosen' });
  });

  it('refuses a log that is not JSON or breaks the schema, naming the field', () => {
    expect(groupLogFromJson('')).toBeNull();
    expect(() => groupLogFromJson('{')).toThrow(/^logJson: is not JSON/);
    const cluster = new Cluster();
    cluster.settle();
    const good = JSON.parse(inspectKey(cluster.states.get('n2')!, 'multipaxos', far.key).logJson);
    expect(() => groupLogFromJson(JSON.stringify({ ...good, view: -1 }))).toThrow(/^logJson\.view: /);
    const badRow = { slot: 0, state: 'gap', noop: false, view: null, command: '', tag: null, applied: false };
    expect(() => groupLogFromJson(JSON.stringify({ ...good, rows: [badRow] }))).toThrow(
      /^logJson\.rows\[0\]\.slot: /,
    );
  });
});
