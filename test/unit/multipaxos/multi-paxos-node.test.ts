/**
 * Leader multi-Paxos on six members wired by hand, in steady state: a stable leader orders writes and
 * reads (reads too go through the log), compare-and-set is decided at apply time, and every record and
 * input is checked, a bad one refused with the field named.
 */
import { describe, expect, it } from 'vitest';
import { multiPaxos, type MultiPaxosMessage } from '../../../app/multipaxos';
import { Cluster, cas, get, keyWhere, members, put, text } from './cluster';

/** A key none of whose replicas is n0, the first leader: its clients' commands are forwarded. */
const far = keyWhere((replicas) => !replicas.includes('n0'));

describe('multi-Paxos: a stable leader', () => {
  it('orders a write through the leader and every member applies it', () => {
    const cluster = new Cluster();
    expect(cluster.settle()).toBe('n0'); // view 0 is led by members[0]
    const origin = far.replicas[0]!;
    cluster.client(origin, put('w1', far.key, 'v1'));
    cluster.runFor(100);
    expect(cluster.reply('w1')).toMatchObject({ ok: true, version: 1, index: 1, path: 'leader' });
    expect(cluster.eventsOf('forwarded', origin)[0]).toMatchObject({ requestId: 'w1', peer: 'n0', view: 0 });
    for (const id of members) {
      expect(cluster.group(id).kv[far.key]!.version, id).toBe(1);
      expect(text(cluster.group(id).kv[far.key]!.value)).toBe('v1');
    }
  });

  it('orders reads in the log: a read after a write sees it, even on a replica that missed the write', () => {
    const cluster = new Cluster();
    cluster.settle();
    const [writer, reader] = far.replicas as [string, string];
    // The reader hears nothing while the write is chosen and applied elsewhere.
    cluster.client(writer, put('w1', far.key, 'v1'));
    cluster.runFor(100, (message) => message.to === reader);
    expect(cluster.reply('w1')).toMatchObject({ ok: true, version: 1 });
    expect(cluster.group(reader).kv[far.key]).toBeUndefined();
    cluster.client(reader, get('r1', far.key));
    cluster.runFor(100);
    const read = cluster.reply('r1');
    expect(read).toMatchObject({ ok: true, version: 1, index: 2, path: 'leader' });
    expect(text(read.ok ? read.value : null)).toBe('v1');
    expect(cluster.eventsOf('catchUp', reader).length).toBeGreaterThan(0);
  });

  it('answers compare-and-set conflicts, definite only when the key moved past the expected version', () => {
    const cluster = new Cluster();
    cluster.settle();
    const origin = far.replicas[1]!;
    cluster.client(origin, put('w1', far.key, 'v1'));
    cluster.runFor(100);
    cluster.client(origin, cas('c0', far.key, 'x', 0));
    cluster.client(origin, cas('c5', far.key, 'x', 5));
    cluster.runFor(100);
    expect(cluster.reply('c0')).toMatchObject({
      ok: false,
      code: 'VERSION_CONFLICT',
      currentVersion: 1,
      definite: true,
    });
    expect(cluster.reply('c5')).toMatchObject({
      ok: false,
      code: 'VERSION_CONFLICT',
      currentVersion: 1,
      definite: false,
    });
    cluster.client(origin, cas('c1', far.key, 'v2', 1));
    cluster.runFor(100);
    expect(cluster.reply('c1')).toMatchObject({ ok: true, version: 2, path: 'leader' });
    for (const id of members) expect(text(cluster.group(id).kv[far.key]!.value)).toBe('v2');
  });
});

describe('multi-Paxos: records and input', () => {
  it('checks records before they are written and after they are read back', () => {
    const good = {
      key: 'g0/slot/1',
      kind: 'slot',
      group: 'g0',
      slot: 1,
      view: 0,
      chosen: false,
      command: { kind: 'noop', tag: 'n0/0/1' },
    } as const;
    expect(multiPaxos.checkRecord(good)).toBeNull();
    expect(multiPaxos.text.record(good)).toBe('g0 #1 v0 noop [n0/0/1] accepted');
    expect(multiPaxos.checkRecord({ ...good, slot: 0, key: 'g0/slot/0' })).toBe(
      'slot must be an integer >= 1',
    );
    expect(multiPaxos.checkRecord({ ...good, key: 'g0/slot/2' })).toBe('key must be g0/slot/1');
    expect(multiPaxos.checkRecord({ ...good, command: { kind: 'noop', tag: '' } })).toBe(
      'command.tag must be a non-empty string',
    );
    expect(multiPaxos.checkRecord({ key: 'g0/promise', kind: 'promise', group: 'g0', view: -1 })).toBe(
      'view must be an integer >= 0',
    );
    const config = new Cluster().configOf('n0');
    const broken = { ...good, view: 1.5 };
    expect(() => multiPaxos.createNode(config, { seed: 1, records: [broken] })).toThrow(
      'records["g0/slot/1"]: view must be an integer >= 0',
    );
    // Every record the scenarios above persisted went through the same check (see cluster.ts).
  });

  it('refuses bad client input and bad peer messages, naming the field', () => {
    const cluster = new Cluster();
    cluster.settle();
    cluster.client('n0', { requestId: 'bad', operation: { kind: 'put', key: '', value: new Uint8Array() } });
    expect(cluster.reply('bad')).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
      field: 'operation.key',
      definite: true,
    });
    const outsider = members.find((id) => !far.replicas.includes(id))!;
    cluster.client(outsider, get('elsewhere', far.key));
    expect(cluster.reply('elsewhere')).toMatchObject({
      ok: false,
      code: 'NOT_REPLICA',
      replicas: far.replicas,
    });

    const envelope = { id: 'x:1', from: 'n0', to: 'n2', key: 'g0', group: 'g0' };
    const noop = { kind: 'noop', tag: 'n0/0/9' };
    const cases: [object, string][] = [
      [{ ...envelope, type: 'accept', view: 0, slot: 0, command: noop, commitPoint: 0 }, 'slot'],
      [{ ...envelope, from: 'n3', type: 'accept', view: 0, slot: 9, command: noop, commitPoint: 0 }, 'from'],
      [
        { ...envelope, type: 'accept', view: 0, slot: 9, command: { kind: 'noop' }, commitPoint: 0 },
        'command.tag',
      ],
      [
        {
          ...envelope,
          type: 'promise',
          view: 0,
          ok: true,
          promised: 0,
          commitPoint: 0,
          entries: [{ slot: 1, view: 0, chosen: true, command: { kind: 'noop' } }],
        },
        'entries[0].command.tag',
      ],
      [
        {
          ...envelope,
          type: 'forward',
          remainingMs: 5,
          command: {
            kind: 'client',
            requestId: 'f',
            origin: 'n0',
            attempt: 'a',
            arrivedAtVersion: 0,
            operation: { kind: 'put', key: 'k', value: new Uint8Array(2 * 1024 * 1024) },
          },
        },
        'command.operation.value',
      ],
      [{ ...envelope, group: 'g9', key: 'g9', type: 'catchUp', fromSlot: 1 }, 'group'],
      [{ ...envelope, type: 'gossip' }, 'type'],
    ];
    for (const [message, field] of cases) {
      const before = cluster.events.length;
      cluster.run('n2', { kind: 'receive', message: message as MultiPaxosMessage });
      const rejected = cluster.events.slice(before).map((entry) => entry.event);
      const { from } = message as { from: string };
      expect(rejected, field).toMatchObject([{ type: 'inputRejected', field, peer: from }]);
    }
    expect(cluster.inFlight).toEqual([]);
  });
});
