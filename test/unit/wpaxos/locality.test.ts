/**
 * The locality win, in the simulator with 40 ms one way between datacenters: a write from the object's
 * own zone commits inside the zone (phase 2 needs one zone's majority), a write from another zone pays
 * the forward across; once that zone sends most of the requests it steals the object and its writes
 * commit locally too.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../app/simulator/simulation';

const zoneOf: Record<string, number> = { n0: 0, n3: 0, n1: 1, n4: 1, n2: 2, n5: 2 };

function slowLinksBetweenDatacenters(sim: Simulation, delayMs: number): void {
  for (const from of Object.keys(zoneOf)) {
    for (const to of Object.keys(zoneOf)) {
      if (zoneOf[from] === zoneOf[to]) continue;
      sim.apply({ kind: 'fault', change: { kind: 'link', rule: { from, to, delayMs } } });
    }
  }
}

/** The time from sending a put to its reply, in simulated ms. */
function putLatency(sim: Simulation, node: string, value: string): number {
  sim.apply({ kind: 'client', node, op: { kind: 'put', key: 'k1', value } });
  const startMs = sim.nowMs;
  sim.apply({ kind: 'advance', toMs: startMs + 400 });
  const call = Object.values(sim.state.calls).at(-1)!;
  expect(call.reply?.ok).toBe(true);
  return call.repliedAtMs! - startMs;
}

describe('WPaxos locality with 40 ms between datacenters', () => {
  it('commits in the own zone in a few ms, pays the crossing from afar, and moves the object to where the requests come from', () => {
    const sim = new Simulation(7, { protocol: 'wpaxos', latencyMinMs: 1, latencyMaxMs: 1 });
    slowLinksBetweenDatacenters(sim, 40);
    putLatency(sim, 'n0', 'first'); // n0 steals k1: phase 1 crosses to every zone
    const own = Array.from({ length: 5 }, (_, i) => putLatency(sim, 'n0', `own ${i}`));
    const remote = Array.from({ length: 5 }, (_, i) => putLatency(sim, 'n1', `remote ${i}`));
    const afterSteal = Array.from({ length: 8 }, (_, i) => putLatency(sim, 'n1', `moved ${i}`));
    expect(Math.max(...own)).toBeLessThan(10);
    expect(Math.min(...remote)).toBeGreaterThanOrEqual(80);
    // Within a few requests zone 2 holds most of the window, steals k1, and commits at home.
    expect(afterSteal.slice(-4).every((ms) => ms < 10)).toBe(true);
  });
});
