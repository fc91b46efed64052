/**
 * Leader multi-Paxos under partitions and restarts: a minority can neither elect a leader nor commit,
 * a restarted replica rebuilds from its records and catches up, and one restarted on a wiped disk
 * stays a silent learner until it knows what a majority knows.
 */
import { describe, expect, it } from 'vitest';
import { multiPaxos, type MultiPaxosMessage } from '../../../app/multipaxos';
import { Cluster, get, keyWhere, members, put, text } from './cluster';

/** A key none of whose replicas is n0, the first leader: its clients' commands are forwarded. */
const far = keyWhere((replicas) => !replicas.includes('n0'));

describe('multi-Paxos: partitions, restarts and wiped disks', () => {
  it('lets no partitioned minority elect a leader or commit, and the majority goes on', () => {
    const cluster = new Cluster();
    cluster.settle();
    const minority = ['n0', 'n1'];
    const cut = (m: MultiPaxosMessage) => minority.includes(m.from) !== minority.includes(m.to);
    const inMinority = keyWhere((replicas) => replicas.includes('n0'));
    const inMajority = keyWhere((replicas) => replicas.includes('n3'));
    const commitPoint = cluster.group('n0').commitPoint;
    const eventsBefore = cluster.events.length;
    cluster.client('n0', put('lost', inMinority.key, 'x'));
    cluster.client('n3', put('kept', inMajority.key, 'y'));
    cluster.runFor(1500, cut);

    const during = cluster.events.slice(eventsBefore);
    const minorityLeaders = during.filter(
      (e) => minority.includes(e.node) && e.event.type === 'leaderElected',
    );
    expect(minorityLeaders).toEqual([]);
    expect(
      during.some((e) => e.node === 'n0' && e.event.type === 'viewChange' && e.event.reason === 'quorumLost'),
    ).toBe(true);
    for (const id of minority) expect(cluster.group(id).commitPoint).toBe(commitPoint);
    expect(cluster.reply('lost')).toMatchObject({ ok: false, code: 'UNAVAILABLE', definite: false });
    expect(cluster.reply('kept')).toMatchObject({ ok: true, version: 1 });
    const leader = cluster.leader();
    expect(leader && !minority.includes(leader)).toBe(true);

    cluster.runFor(1000); // healed: the minority follows and catches up
    const logs = members.map((id) => cluster.applied(id));
    for (const log of logs) expect(log).toEqual(logs[0]);
    for (const id of members) expect(cluster.group(id).kv[inMajority.key]!.version).toBe(1);
  });

  it('rebuilds a restarted replica from its records and catches it up', () => {
    const cluster = new Cluster();
    cluster.settle();
    const origin = far.replicas.find((id) => id !== 'n3')!;
    cluster.client(origin, put('a', far.key, 'a'));
    cluster.runFor(100);
    cluster.crash('n3');
    cluster.client(origin, put('b', far.key, 'b'));
    cluster.client(origin, put('c', far.key, 'c'));
    cluster.runFor(200);
    cluster.restart('n3');
    // Replayed from its own chosen slots before hearing from anyone.
    expect(cluster.group('n3').kv[far.key]!.version).toBe(1);
    cluster.runFor(200);
    expect(cluster.group('n3').commitPoint).toBe(cluster.group('n0').commitPoint);
    expect(text(cluster.group('n3').kv[far.key]!.value)).toBe('c');
    expect(cluster.eventsOf('catchUp', 'n3').length).toBeGreaterThan(0);
  });

  it('keeps a replica restarted on a wiped disk from voting until it relearned what a majority knows', () => {
    const cluster = new Cluster();
    cluster.settle();
    const origin = far.replicas[0]!;
    for (const id of ['a', 'b', 'c']) cluster.client(origin, put(id, far.key, id));
    cluster.runFor(200);
    cluster.crash('n4');
    cluster.restart('n4', { wipe: true });
    expect(cluster.group('n4').learner).not.toBeNull();
    expect(multiPaxos.isLearner(cluster.states.get('n4')!)).toBe(true);
    const asLearner = keyWhere((replicas) => replicas.includes('n4'));
    cluster.client('n4', get('r', asLearner.key));
    expect(cluster.reply('r')).toMatchObject({ ok: false, code: 'LEARNER_ONLY' });
    // An accept reaching the learner is neither stored nor answered.
    cluster.client(origin, put('d', far.key, 'd'));
    cluster.deliverWhere((m) => m.type === 'forward');
    const persisted = cluster.disks.get('n4')!.records.size;
    const sent = cluster.inFlight.length;
    cluster.deliverWhere((m) => m.type === 'accept' && m.to === 'n4');
    expect(cluster.disks.get('n4')!.records.size).toBe(persisted);
    expect(cluster.inFlight.filter((m) => m.from === 'n4')).toEqual([]);
    expect(cluster.inFlight.length).toBe(sent - 1);

    cluster.runFor(300);
    expect(cluster.group('n4').learner).toBeNull();
    expect(multiPaxos.isLearner(cluster.states.get('n4')!)).toBe(false);
    expect(cluster.disks.get('n4')!.learnerOnly).toBe(false);
    expect(cluster.group('n4').promised).toBe(cluster.group('n0').promised);
    expect(cluster.applied('n4')).toEqual(cluster.applied('n0'));
    expect(cluster.eventsOf('learnerOnly', 'n4').at(-1)).toMatchObject({ group: null, on: false });
  });
});
