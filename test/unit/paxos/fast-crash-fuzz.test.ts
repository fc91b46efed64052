/**
 * A seeded fuzz of the one-fsync fast path's dangerous window (docs/one-fsync-fast-path.md): the owner
 * of a key's last value crashes after its fastAccepts left and before its own vote was written, one
 * peer receives its fastAccept, the owner restarts and writes again, and the peers write too while
 * messages are delivered in a random order or lost. The random sweeps rarely
 * reach this interleaving by chance; here every round does. No index may ever have two values chosen.
 */
import { describe, expect, it } from 'vitest';
import { createPrng, nextFloat } from '../../../app/util/prng';
import { keyWithReplicas, Wire } from './wire';

const { key, a, b, c } = keyWithReplicas();

/** Runs one seed; returns each index's chosen request ids over every node (more than one is a violation). */
function runSeed(seed: number): Map<number, Set<string>> {
  const prng = createPrng(seed);
  const chance = (p: number) => nextFloat(prng) < p;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(nextFloat(prng) * items.length)]!;
  const wire = new Wire();
  let starts = 1;
  wire.put(a, key, 'first');
  wire.settle();
  for (let round = 0; round < 4; round += 1) {
    // Two settled writes through a make it the owner of the last value, past any fast floor.
    wire.put(a, key, `own-${round}-1`);
    wire.run(100);
    wire.put(a, key, `own-${round}-2`);
    wire.run(100);
    wire.crashBeforePersist(a);
    wire.put(a, key, `lost-${round}`);
    expect(wire.inFlight.map((m) => m.type)).toEqual(['fastAccept', 'fastAccept']);
    // Exactly one peer gets the lost value: the case where reusing the ballot could choose another one.
    const holder = chance(0.5) ? b : c;
    wire.drop((m) => m.from === a && m.to !== holder);
    wire.settle((m) => m.to !== a);
    wire.drop((m) => m.to === a);
    wire.start(a, { seed: (starts += 1) });
    wire.put(a, key, `again-${round}`);
    // A random schedule: client writes on any replica, ticks, and messages delivered in any order or lost.
    for (let step = 0, writes = 0; step < 300; step += 1) {
      if (writes < 4 && chance(0.1)) {
        wire.put(pick([b, c]), key, `w-${round}-${(writes += 1)}`);
      } else if (wire.inFlight.length === 0 || chance(0.1)) {
        wire.tick(5);
      } else {
        const message = wire.inFlight.splice(Math.floor(nextFloat(prng) * wire.inFlight.length), 1)[0]!;
        if (!chance(0.25)) wire.input(message.to, { kind: 'receive', message });
      }
    }
    wire.run(200);
  }
  const chosen = new Map<number, Set<string>>();
  for (const { event } of wire.events) {
    if (event.type !== 'chosen') continue;
    chosen.set(event.index, (chosen.get(event.index) ?? new Set()).add(event.requestId));
  }
  return chosen;
}

describe('fast path: a crash between the fastAccept and the own vote', () => {
  it('never lets two values be chosen at one index (200 seeded runs of 4 crashes each)', () => {
    const violations: string[] = [];
    for (let seed = 1; seed <= 200; seed += 1) {
      for (const [index, ids] of runSeed(seed)) {
        if (ids.size > 1) violations.push(`seed ${seed}: #${index} chosen as ${[...ids].join(' and ')}`);
      }
    }
    expect(violations).toEqual([]);
  }, 120_000);
});
