/**
 * The verifier's repair input (app/paxos/relearn.ts): a node told its copy of a chosen entry is wrong
 * asks its peers and takes the quorum's value, in the running core and on its disk.
 */
import { describe, expect, it } from 'vitest';
import type { KeyRecord } from '../../../app/paxos/types';
import { bytes, keyWithReplicas, match, text, Wire } from './wire';

const { key, a, b, c } = keyWithReplicas();

function chosenValueOf(record: KeyRecord | undefined): string | null {
  const chosen = record?.instances.filter((instance) => instance.chosen).at(-1);
  return chosen?.value ? text(chosen.value.data) : null;
}

/** Writes "good" at index 1 everywhere, then damages b's copy of it as `where` says. */
function damagedOnB(where: { core: boolean; disk: boolean }): Wire {
  const wire = new Wire();
  wire.put(a, key, 'good');
  wire.settle();
  const damage = (record: KeyRecord): KeyRecord => {
    const copy = structuredClone(record);
    const chosen = copy.instances.find((instance) => instance.chosen)!;
    chosen.value = { ...chosen.value!, data: bytes('Good') };
    return copy;
  };
  if (where.core) wire.state(b).records[key] = damage(wire.state(b).records[key]!);
  if (where.disk) wire.disks.get(b)!.set(key, damage(wire.disks.get(b)!.get(key)!));
  return wire;
}

describe('relearning a key the verifier found wrong', () => {
  it('replaces a wrong value held by the running core with the quorum’s, and writes it synced', () => {
    const wire = damagedOnB({ core: true, disk: true });
    const ready = wire.input(b, { kind: 'relearn', key, index: 1 });
    expect(ready.messages.map((m) => `${m.type} ${m.to}`).sort()).toEqual(
      [`getChosen ${a}`, `getChosen ${c}`].sort(),
    );
    wire.deliver(match('getChosen', b, a));
    const answer = wire.deliver(match('chosen', a, b));
    expect(answer.index).toBe(1);
    expect(chosenValueOf(wire.state(b).records[key])).toBe('good');
    expect(chosenValueOf(wire.disks.get(b)!.get(key))).toBe('good');
    expect(wire.state(b).relearning).toEqual({});
    // The second peer's answer finds nothing left to relearn and changes nothing.
    wire.settle();
    expect(chosenValueOf(wire.state(b).records[key])).toBe('good');
  });

  it('rewrites the disk when only the stored copy was wrong', () => {
    const wire = damagedOnB({ core: false, disk: true });
    wire.input(b, { kind: 'relearn', key, index: 1 });
    wire.deliver(match('getChosen', b, c));
    const written = wire.input(b, { kind: 'receive', message: wire.take(match('chosen', c, b))! });
    expect(written.persist.map((p) => p.key)).toEqual([key]);
    expect(written.mustSync).toBe(true);
    expect(chosenValueOf(wire.disks.get(b)!.get(key))).toBe('good');
  });

  it('keeps every promise: a higher promise at the next index survives the repair', () => {
    const wire = damagedOnB({ core: true, disk: true });
    wire.put(c, key, 'next'); // c prepares index 2; b promises it
    wire.deliver(match('prepare', c, b));
    const promised = wire.state(b).records[key]!.instances.find((i) => i.index === 2)!.promised;
    wire.drop(() => true);
    wire.input(b, { kind: 'relearn', key, index: 1 });
    wire.deliver(match('getChosen', b, a));
    wire.deliver(match('chosen', a, b));
    const record = wire.state(b).records[key]!;
    expect(chosenValueOf(record)).toBe('good');
    expect(record.instances.find((i) => i.index === 2)?.promised).toEqual(promised);
  });

  it('is refused, naming the field, for a key the node does not replicate or a bad index', () => {
    const wire = new Wire();
    const outsider = [...wire.nodes.keys()].find((node) => ![a, b, c].includes(node))!;
    wire.input(outsider, { kind: 'relearn', key, index: 1 });
    wire.input(b, { kind: 'relearn', key, index: 0 });
    expect(wire.eventsOf('inputRejected').map((e) => e.type === 'inputRejected' && e.field)).toEqual([
      'key',
      'index',
    ]);
  });

  it('a chosen notice for a key nobody asked to relearn never replaces a chosen value', () => {
    const wire = damagedOnB({ core: true, disk: true });
    wire.input(a, {
      kind: 'receive',
      message: { id: 'x:1', type: 'getChosen', from: b, to: a, key, index: 0 },
    });
    wire.deliver(match('chosen', a, b));
    expect(chosenValueOf(wire.state(b).records[key])).toBe('Good');
  });
});
