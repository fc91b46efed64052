import { describe, expect, it } from 'vitest';
import { applyFaultChange, healthyFaultState, type FaultChange } from '../../app/model/fault-model';
import type { KeyRecord, PeerMessage } from '../../app/paxos/types';
import { copyKeyRecord } from '../../app/paxos/paxos-kv';
import { createScheduler, nextEventAtMs, popEvent, schedule } from '../../app/simulator/scheduler';
import {
  arrive,
  createNetwork,
  duplicateWire,
  heldMessages,
  sendMessage,
  type NetworkState,
} from '../../app/simulator/sim-network';
import {
  crashStorage,
  createStorage,
  readDurableRecords,
  wipeStorage,
  writeRecords,
  type DiskWrite,
} from '../../app/simulator/sim-storage';
import { createPrng } from '../../app/util/prng';

const nodes = ['n0', 'n1', 'n2', 'n3', 'n4', 'n5'];

function prepare(from: string, to: string, n: number): PeerMessage {
  return {
    type: 'prepare',
    id: `${from}:${n}`,
    from,
    to,
    key: 'k1',
    index: 1,
    ballot: { counter: n, role: 1 },
  };
}

function record(key: string, promised: number): KeyRecord {
  return {
    key,
    instances: [
      { index: 1, promised: { counter: promised, role: 1 }, accepted: null, value: null, chosen: false },
    ],
    recent: [],
  };
}

function faults(...changes: FaultChange[]) {
  return changes.reduce((state, change) => applyFaultChange(state, change, nodes), healthyFaultState());
}

describe('scheduler', () => {
  it('pops by time, and events at the same time in the order they were scheduled', () => {
    const scheduler = createScheduler();
    const order = [30, 10, 20, 10, 10, 5, 30];
    order.forEach((atMs, wireId) => schedule(scheduler, atMs, { kind: 'arrive', wireId }));
    const popped: string[] = [];
    for (let event = popEvent(scheduler); event; event = popEvent(scheduler)) {
      popped.push(`${event.atMs}:${event.event.kind === 'arrive' ? event.event.wireId : 'tick'}`);
    }
    expect(popped).toEqual(['5:5', '10:1', '10:3', '10:4', '20:2', '30:0', '30:6']);
    expect(nextEventAtMs(scheduler)).toBeNull();
  });
});

describe('sim storage', () => {
  const write = (key: string, promised: number, mustSync: boolean): DiskWrite<KeyRecord> => ({
    persist: [{ key, record: record(key, promised) }],
    meta: null,
    mustSync,
  });

  it('a crash loses unsynced writes; a synced write makes earlier writes durable too', () => {
    const storage = createStorage<KeyRecord>();
    writeRecords(storage, write('k1', 1, false), copyKeyRecord);
    expect(crashStorage(storage)).toEqual(['k1']);
    expect(readDurableRecords(storage, copyKeyRecord)).toEqual([]);
    writeRecords(storage, write('k1', 2, false), copyKeyRecord);
    writeRecords(storage, write('k2', 3, true), copyKeyRecord);
    writeRecords(storage, write('k1', 4, false), copyKeyRecord);
    expect(crashStorage(storage)).toEqual(['k1']);
    const durable = readDurableRecords(storage, copyKeyRecord).map(
      (r) => `${r.key}:${r.instances[0]!.promised.counter}`,
    );
    expect(durable.sort()).toEqual(['k1:2', 'k2:3']);
    wipeStorage(storage);
    expect(readDurableRecords(storage, copyKeyRecord)).toEqual([]);
  });

  it('a wipe marks the disk learner-only at once; only a written meta clears it, with its records', () => {
    const storage = createStorage<KeyRecord>();
    expect(storage.durableMeta).toEqual({ learnerOnly: false });
    wipeStorage(storage);
    expect(storage.durableMeta).toEqual({ learnerOnly: true });
    // Unsynced, the cleared flag is lost by a crash together with the records written beside it.
    writeRecords(storage, { ...write('k1', 1, false), meta: { learnerOnly: false } }, copyKeyRecord);
    crashStorage(storage);
    expect([storage.durableMeta, readDurableRecords(storage, copyKeyRecord)]).toEqual([
      { learnerOnly: true },
      [],
    ]);
    writeRecords(storage, { ...write('k1', 2, true), meta: { learnerOnly: false } }, copyKeyRecord);
    crashStorage(storage);
    expect(storage.durableMeta).toEqual({ learnerOnly: false });
    expect(readDurableRecords(storage, copyKeyRecord).map((r) => r.instances[0]!.promised.counter)).toEqual([
      2,
    ]);
  });

  it('copies records, so later changes by the core do not reach the disk', () => {
    const storage = createStorage<KeyRecord>();
    const mine = record('k1', 1);
    mine.instances[0]!.value = {
      requestId: 'c1',
      owner: 'n0',
      version: 1,
      deleted: false,
      data: new Uint8Array([1]),
      requests: [{ requestId: 'c0', version: 0, index: 0 }],
    };
    writeRecords(
      storage,
      { persist: [{ key: 'k1', record: mine }], meta: null, mustSync: true },
      copyKeyRecord,
    );
    mine.instances[0]!.promised.counter = 99;
    mine.instances[0]!.value.data[0] = 9;
    mine.instances[0]!.value.requests[0]!.version = 9;
    mine.instances[0]!.value.requests.push({ requestId: 'c9', version: 9, index: 9 });
    const [stored] = readDurableRecords(storage, copyKeyRecord);
    expect(stored!.instances[0]!.promised.counter).toBe(1);
    expect(stored!.instances[0]!.value).toMatchObject({
      data: new Uint8Array([1]),
      requests: [{ requestId: 'c0', version: 0, index: 0 }],
    });
  });
});

describe('sim network', () => {
  const network = (): NetworkState => createNetwork(createPrng(7), 1, 3);

  it('delays within the latency bounds plus the link rule, and is the same for the same seed', () => {
    const rule = faults({
      kind: 'link',
      rule: { from: 'n0', to: '*', dropProbability: 0, delayMs: 10, jitterMs: 5, duplicateProbability: 0 },
    });
    const run = () => {
      const net = network();
      return Array.from(
        { length: 200 },
        (_, i) => sendMessage(net, rule, 100, prepare('n0', 'n1', i))[0]!.deliverAtMs!,
      );
    };
    const times = run();
    expect(Math.min(...times)).toBeGreaterThanOrEqual(111);
    expect(Math.max(...times)).toBeLessThanOrEqual(118);
    expect(new Set(times).size).toBeGreaterThan(4);
    expect(run()).toEqual(times);
  });

  it('loses and duplicates messages at about the configured rates', () => {
    const lossy = faults({
      kind: 'link',
      rule: { from: '*', to: '*', dropProbability: 0.3, delayMs: 0, jitterMs: 0, duplicateProbability: 0.2 },
    });
    const net = network();
    let lost = 0;
    let copies = 0;
    for (let i = 0; i < 2000; i++) {
      const wires = sendMessage(net, lossy, 0, prepare('n0', 'n1', i));
      if (wires[0]!.dropped === 'loss') lost += 1;
      copies += wires.length - 1;
    }
    expect(lost / 2000).toBeGreaterThan(0.25);
    expect(lost / 2000).toBeLessThan(0.35);
    expect(copies / (2000 - lost)).toBeGreaterThan(0.15);
    expect(copies / (2000 - lost)).toBeLessThan(0.25);
  });

  it('a partition loses messages at send, and a partition that starts in flight loses them on arrival', () => {
    const net = network();
    const cut = faults({ kind: 'cut', from: 'n0', to: 'n1' });
    expect(sendMessage(net, cut, 0, prepare('n0', 'n1', 1))[0]!.dropped).toBe('partition');
    const healthy = healthyFaultState();
    const wire = sendMessage(net, healthy, 0, prepare('n1', 'n0', 2))[0]!;
    const later = faults({ kind: 'partition', split: { sides: [['n0'], ['n1']], oneWay: false } });
    expect(arrive(net, later, wire.wireId)?.lostTo).toBe('partition');
    expect(arrive(net, later, wire.wireId)).toBeNull();
  });

  it('holds messages on held links, and a copy of a held message is held too', () => {
    const net = network();
    const hold = faults({ kind: 'hold', link: { from: 'n0', to: 'n2' } });
    const held = sendMessage(net, hold, 0, prepare('n0', 'n2', 1))[0]!;
    const flying = sendMessage(net, hold, 0, prepare('n0', 'n1', 2))[0]!;
    expect(held).toMatchObject({ held: true, deliverAtMs: null });
    expect(flying.held).toBe(false);
    const copy = duplicateWire(net, hold, 5, held.wireId)!;
    expect(copy).toMatchObject({ held: true, duplicateOf: held.wireId });
    expect(heldMessages(net).map((wire) => wire.wireId)).toEqual([held.wireId, copy.wireId]);
  });
});
