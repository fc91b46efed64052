/**
 * WPaxos catch-up after truncation, in the simulator under the sweep's checkers (linearizability, each
 * request applied once) and WPaxos's own (one command per chosen slot on every disk, promises never
 * lowered): n4 is down while k1's log grows past many snapshots and past the ring of slot records, then
 * restarts from its disk and reads k1 through itself; n3 loses its disk and relearns k1 from a snapshot.
 * Both must install a peer's snapshot (their slots are gone everywhere) and answer with the newest value.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../app/simulator/simulation';
import { createTraceRecorder } from '../../app/simulator/trace';
import { ringSlots } from '../../app/wpaxos/record';
import { RunChecks } from '../simulation/run-checks';
import { WPaxosLogChecker } from './wpaxos-log-checker';

describe('wpaxos scenario: catch-up after truncation', () => {
  const lines: string[] = [];
  const checks = new RunChecks('wpaxos');
  const log = new WPaxosLogChecker();
  const trace = createTraceRecorder((line) => lines.push(line), 'wpaxos');
  const options = { protocol: 'wpaxos', latencyMinMs: 1, latencyMaxMs: 2 } as const;
  const sim = new Simulation(3, options, [trace, log, ...checks.observers]);
  const advance = (ms: number) => sim.apply({ kind: 'advance', toMs: sim.nowMs + ms });
  const writes = ringSlots + 40;

  sim.apply({ kind: 'client', node: 'n0', op: { kind: 'put', key: 'k1', value: 'first' } });
  advance(50);
  sim.apply({ kind: 'crash', node: 'n4', point: 'now' });
  for (let i = 0; i < writes; i++) {
    sim.apply({ kind: 'client', node: 'n0', op: { kind: 'put', key: 'k1', value: `v${i}` } });
    advance(10);
  }
  sim.apply({ kind: 'restart', node: 'n4' });
  sim.apply({ kind: 'client', node: 'n4', op: { kind: 'get', key: 'k1' } });
  advance(300);
  sim.apply({ kind: 'wipe', node: 'n3' });
  advance(50);
  sim.apply({ kind: 'client', node: 'n3', op: { kind: 'get', key: 'k1' } });
  advance(300);

  it('n4 and the wiped n3 each install a peer snapshot and read the newest value', () => {
    const installed = lines.filter((line) => / installed n\d's snapshot of k1 /.test(line));
    expect(installed.some((line) => / n4 installed /.test(line))).toBe(true);
    expect(installed.some((line) => / n3 installed /.test(line))).toBe(true);
    const reads = lines.filter((line) => / reply c\d+ ok .*value="v\d+"/.test(line)).slice(-2);
    expect(reads).toHaveLength(2);
    for (const read of reads) expect(read).toContain(`value="v${writes - 1}"`);
  });

  it('keeps every safety invariant, applies each request once and stays linearizable', () => {
    expect(checks.verdict().failures).toEqual([]);
    expect(log.violations).toEqual([]);
  });
});
