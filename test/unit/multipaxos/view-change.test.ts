/**
 * Leader multi-Paxos across views: a crashed leader is replaced by rotation and its successor
 * reconciles the log (re-proposing what was accepted, filling gaps with no-ops, never losing what was
 * chosen), retries are applied once across leaders, dueling view changes stay safe, and a promise
 * binds an acceptor whatever the timers do.
 */
import { describe, expect, it } from 'vitest';
import { describeLog, multiPaxos, type MultiPaxosMessage } from '../../../app/multipaxos';
import { Cluster, keyWhere, put } from './cluster';

/** A key none of whose replicas is n0, the first leader: its clients' commands are forwarded. */
const far = keyWhere((replicas) => !replicas.includes('n0'));

describe('multi-Paxos: leader changes', () => {
  it('replaces a crashed leader by rotation; the new leader keeps the chosen slot, re-proposes the accepted ones and fills the gap with a no-op', () => {
    const cluster = new Cluster();
    cluster.settle();
    const origin = far.replicas[0]!;
    const acceptAt = (slot: number, to: string[]) => (m: MultiPaxosMessage) =>
      m.type === 'accept' && m.slot === slot && to.includes(m.to);
    // Slot 1 is chosen, but only the leader learns it: its commit messages never leave.
    cluster.client(origin, put('w1', far.key, 'one'));
    cluster.deliverWhere((m) => m.type === 'forward');
    cluster.deliverWhere(acceptAt(1, ['n1', 'n2', 'n3']));
    cluster.deliverWhere((m) => m.type === 'accepted');
    expect(cluster.group('n0').log[1]).toMatchObject({ chosen: true, command: { tag: 'n0/0/1' } });
    cluster.dropWhere((m) => m.from === 'n0');
    // Slot 2 accepted by n4 only, slot 3 by nobody, slot 4 by n4 and n5: none is chosen. (Those two
    // never accepted slot 1, so the commit point their accepts carry teaches them nothing.)
    for (const [requestId, slot, to] of [
      ['w2', 2, ['n4']],
      ['w3', 3, []],
      ['w4', 4, ['n4', 'n5']],
    ] as const) {
      cluster.client(origin, put(requestId, far.key, requestId));
      cluster.deliverWhere((m) => m.type === 'forward');
      cluster.deliverWhere(acceptAt(slot, [...to]));
      cluster.dropWhere((m) => m.from === 'n0');
    }
    for (const id of ['n1', 'n2', 'n3', 'n4', 'n5']) expect(cluster.group(id).commitPoint, id).toBe(0);
    cluster.crash('n0');
    cluster.runFor(600);

    expect(cluster.leader()).toBe('n1'); // view 1 is led by members[1]
    expect(cluster.eventsOf('viewChange').some((event) => event.reason === 'leaderSilent')).toBe(true);
    expect(cluster.eventsOf('leaderElected', 'n1')[0]).toMatchObject({ view: 1, openSlots: 4 });
    expect(cluster.eventsOf('noopFilled', 'n1')).toEqual([
      { type: 'noopFilled', group: 'g0', slot: 3, view: 1 },
    ]);
    // The chosen slot and both accepted commands keep their first proposal's tag; w3, still waiting
    // at its origin, is forwarded again and ordered after them.
    const expected = ['n0/0/1', 'n0/0/2', 'n1/1/3', 'n0/0/4', 'n1/1/5'];
    for (const id of cluster.up()) expect(cluster.applied(id), id).toEqual(expected);
    expect(cluster.reply('w1')).toMatchObject({ ok: true, version: 1, index: 1 });
    expect(cluster.reply('w2')).toMatchObject({ ok: true, version: 2, index: 2 });
    expect(cluster.reply('w4')).toMatchObject({ ok: true, version: 3, index: 4 });
    expect(cluster.reply('w3')).toMatchObject({ ok: true, version: 4, index: 5 });

    // The same story as trace lines, as the console's captions will tell it.
    const lines = cluster.events
      .filter((entry) => entry.node === 'n1')
      .map((entry) => multiPaxos.text.event(entry.event));
    expect(lines).toContain('leads g0 v1, 4 open slots reconciled');
    expect(lines).toContain('noop g0 #3 v1');
    const accept = {
      id: 'n1:7',
      from: 'n1',
      to: 'n2',
      key: 'g0',
      group: 'g0',
      type: 'accept',
      view: 1,
      slot: 3,
      commitPoint: 2,
      command: { kind: 'noop', tag: 'n1/1/3' },
    } as const;
    expect(multiPaxos.text.message(accept)).toBe('accept g0 v1 #3 noop [n1/1/3] cp2');

    const [lens] = describeLog(cluster.states.get('n1')!);
    expect(lens).toMatchObject({ view: 1, leader: 'n1', leading: 'serving', commitPoint: 5 });
    expect(lens!.rows.map((row) => `${row.slot}:${row.state}:${row.command}`)).toEqual([
      `1:chosen:put ${far.key} (w1)`,
      `2:chosen:put ${far.key} (w2)`,
      '3:chosen:noop',
      `4:chosen:put ${far.key} (w4)`,
      `5:chosen:put ${far.key} (w3)`,
    ]);
  });

  it('answers a retried request id on another replica after a leader change as dedup, applying it once', () => {
    const cluster = new Cluster();
    cluster.settle();
    // Neither replica leads view 0 or view 1, so both attempts travel to a leader.
    const { key, replicas } = keyWhere((found) => !found.includes('n0') && !found.includes('n1'));
    const [first, second] = replicas as [string, string];
    // The first attempt is accepted by the leader and n1 only; then the leader dies.
    cluster.client(first, put('r1', key, 'once'));
    cluster.deliverWhere((m) => m.type === 'forward');
    cluster.deliverWhere((m) => m.type === 'accept' && m.to === 'n1');
    cluster.crash('n0');
    // The client gives up on the first replica and retries the same id on another.
    cluster.client(second, put('r1', key, 'once'));
    // View 1: n1 re-proposes the first attempt at slot 1, and the retry reaches it before slot 1 is
    // chosen, so it gets slot 2 of its own.
    cluster.tickTo(cluster.nowMs + 300);
    cluster.deliverWhere((m) => m.type === 'viewChange' || m.type === 'prepare' || m.type === 'promise');
    expect(cluster.group('n1').leader).toMatchObject({ view: 1, phase: 'serving' });
    cluster.tickNode(second, cluster.nowMs + 1);
    cluster.deliverWhere((m) => m.type === 'forward' && m.from === second);
    expect(cluster.group('n1').log[2]).toMatchObject({ command: { requestId: 'r1', origin: second } });
    cluster.runFor(300);

    expect(cluster.leader()).toBe('n1');
    const replies = Object.fromEntries(
      cluster.replies
        .filter((entry) => entry.reply.requestId === 'r1')
        .map((entry) => [entry.node, entry.reply]),
    );
    expect(replies).toEqual({
      [first]: { requestId: 'r1', ok: true, version: 1, value: null, index: 1, path: 'leader' },
      [second]: { requestId: 'r1', ok: true, version: 1, value: null, index: 1, path: 'dedup' },
    });
    for (const id of cluster.up()) {
      const applied = cluster.eventsOf('slotApplied', id).filter((event) => event.requestId === 'r1');
      expect(applied.map((event) => `${event.slot}:${event.result}`)).toEqual(['1:written', '2:dedup']);
      expect(cluster.group(id).kv[key]!.version).toBe(1);
    }
  });

  it('keeps a dueling pair of view changes safe: the later view re-proposes what the earlier one got accepted', () => {
    const cluster = new Cluster();
    cluster.settle();
    const key = keyWhere((replicas) => replicas.includes('n1'));
    cluster.crash('n0');
    // Everyone times out at once and asks for view 1; n1 gets a majority and prepares, but its
    // prepares are held in the network.
    cluster.tickTo(cluster.nowMs + 300);
    cluster.deliverWhere((m) => m.type === 'viewChange');
    expect(cluster.group('n1').leader).toMatchObject({ view: 1, phase: 'preparing' });
    // n2..n5 give up on view 1 and elect n2 for view 2; their votes never reach n1.
    for (const id of ['n2', 'n3', 'n4', 'n5']) cluster.tickNode(id, cluster.nowMs + 300);
    cluster.deliverWhere((m) => m.type === 'viewChange' && m.view === 2 && m.to !== 'n1');
    expect(cluster.group('n2').leader).toMatchObject({ view: 2, phase: 'preparing' });
    // n1's late prepares win n3, n4, n5 (they promised nothing higher yet): n1 serves view 1.
    cluster.deliverWhere((m) => m.type === 'prepare' && m.view === 1 && m.to !== 'n2');
    cluster.deliverWhere((m) => m.type === 'promise' && m.view === 1);
    expect(cluster.group('n1').leader).toMatchObject({ view: 1, phase: 'serving' });
    cluster.client('n1', put('d1', key.key, 'duel'));
    const slot = cluster.group('n1').maxSlot;
    cluster.deliverWhere((m) => m.type === 'accept' && m.view === 1 && m.to === 'n3');
    // Now n2's prepares arrive (n1's stays in flight): n3 reports the view-1 accept, and n2 must
    // carry it on.
    cluster.deliverWhere((m) => m.type === 'prepare' && m.view === 2 && m.to !== 'n1');
    cluster.deliverWhere((m) => m.type === 'promise' && m.view === 2);
    expect(cluster.group('n2').leader).toMatchObject({ view: 2, phase: 'serving' });
    expect(cluster.group('n2').log[slot]).toMatchObject({ view: 2, command: { tag: `n1/1/${slot}` } });
    // View 1's remaining accepts are refused by everyone who promised view 2, and their refusals
    // tell n1 it was superseded.
    cluster.deliverWhere((m) => m.type === 'accept' && m.view === 1);
    const answers = cluster.inFlight.filter((m) => m.type === 'accepted' && m.to === 'n1' && m.from !== 'n3');
    expect(answers.map((m) => m.type === 'accepted' && [m.from, m.ok, m.promised])).toEqual([
      ['n2', false, 2],
      ['n4', false, 2],
      ['n5', false, 2],
    ]);
    expect(cluster.group('n1').leader).toMatchObject({ view: 1 });
    cluster.deliverWhere((m) => m.type === 'accepted' && m.to === 'n1');
    expect(cluster.group('n1').leader).toBeNull();
    expect(cluster.group('n1').view).toBe(2);
    cluster.runFor(500);

    expect(cluster.leader()).toBe('n2');
    const logs = cluster.up().map((id) => cluster.applied(id));
    for (const log of logs) expect(log).toEqual(logs[0]);
    expect(logs[0]![slot - 1]).toBe(`n1/1/${slot}`);
    expect(cluster.reply('d1')).toMatchObject({ ok: true, version: 1, index: slot, path: 'leader' });
  });
});

describe('multi-Paxos: what an acceptor promised binds it', () => {
  it('has a new leader re-propose the command of the highest view, which may be the chosen one', () => {
    const cluster = new Cluster();
    cluster.settle();
    const notN5 = (m: MultiPaxosMessage) => m.from !== 'n5' && m.to !== 'n5';
    // View 0: the leader gets c1 accepted at slot 1 by n5 alone, then dies.
    const first = keyWhere((replicas) => replicas.includes('n0'));
    cluster.client('n0', put('c1', first.key, 'old'));
    cluster.deliverWhere((m) => m.type === 'accept' && m.to === 'n5');
    cluster.crash('n0');
    // View 1 forms without n5 and chooses c2 at slot 1; only its leader learns that, then dies.
    cluster.tickTo(cluster.nowMs + 300);
    cluster.deliverWhere((m) => notN5(m) && ['viewChange', 'prepare', 'promise'].includes(m.type));
    expect(cluster.group('n1').leader).toMatchObject({ view: 1, phase: 'serving' });
    cluster.dropWhere(() => true);
    const second = keyWhere((replicas) => replicas.includes('n1'));
    cluster.client('n1', put('c2', second.key, 'new'));
    cluster.deliverWhere((m) => m.type === 'accept' && ['n2', 'n3', 'n4'].includes(m.to));
    cluster.deliverWhere((m) => m.type === 'accepted');
    expect(cluster.group('n1').log[1]).toMatchObject({ chosen: true, view: 1, command: { tag: 'n1/1/1' } });
    expect(cluster.group('n5').log[1]).toMatchObject({ chosen: false, view: 0, command: { tag: 'n0/0/1' } });
    cluster.crash('n1');
    // View 2 hears of both: c1 from view 0 at n5, c2 from view 1 at n2..n4. Only c2 may win.
    cluster.runFor(800);
    expect(cluster.leader()).toBe('n2');
    for (const id of cluster.up()) expect(cluster.applied(id)[0], id).toBe('n1/1/1');
    cluster.restart('n1');
    cluster.runFor(200);
    expect(cluster.applied('n1')).toEqual(cluster.applied('n2'));
  });

  it('refuses a prepare or an accept below its promise, saying what it promised', () => {
    const cluster = new Cluster();
    cluster.settle();
    cluster.crash('n0');
    cluster.runFor(600);
    expect(cluster.leader()).toBe('n1');
    const envelope = { id: 'n0:99', from: 'n0', to: 'n3', key: 'g0', group: 'g0' } as const;
    const noop = { kind: 'noop', tag: 'n0/0/9' } as const;
    cluster.run('n3', {
      kind: 'receive',
      message: { ...envelope, type: 'prepare', view: 0, commitPoint: 0 },
    });
    const accept = {
      ...envelope,
      id: 'n0:100',
      type: 'accept',
      view: 0,
      slot: 9,
      command: noop,
      commitPoint: 0,
    } as const;
    cluster.run('n3', { kind: 'receive', message: accept });
    expect(cluster.inFlight.filter((m) => m.to === 'n0')).toMatchObject([
      { type: 'promise', view: 0, ok: false, promised: 1, entries: [] },
      { type: 'accepted', view: 0, slot: 9, ok: false, promised: 1 },
    ]);
    expect(cluster.group('n3').log[9]).toBeUndefined();
  });

  it('never lets a restarted leader lead the view it led before: it moves on to the next one', () => {
    const cluster = new Cluster();
    cluster.settle();
    cluster.crash('n0');
    cluster.restart('n0');
    expect(cluster.group('n0').promised).toBe(0);
    cluster.tickTo(cluster.nowMs + 1);
    expect(cluster.eventsOf('viewChange', 'n0').at(-1)).toMatchObject({ view: 1, reason: 'restarted' });
    expect(cluster.eventsOf('prepare', 'n0')).toHaveLength(1); // the one of its first life
    cluster.runFor(600);
    expect(cluster.leader()).toBe('n1');
  });
});
