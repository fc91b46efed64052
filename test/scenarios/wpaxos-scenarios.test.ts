/**
 * WPaxos's golden scenarios: each script drives a simulated WPaxos cluster step by step and must print
 * the trace in its `wpaxos-*.golden` file (the core's events, client calls and replies, faults; sends,
 * deliveries and writes are left out so a class can read it). `REWRITE=1 npx vitest run
 * test/scenarios/wpaxos-scenarios.test.ts` writes the actual traces back; read the diff before committing.
 * Every run also goes through the sweep's checkers (linearizability, each request applied once) and
 * WPaxos's own (one command per chosen slot, promises never lowered), which no rewrite can make pass.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FaultChangeInput } from '../../app/model/fault-model';
import type { ClientOp } from '../../app/simulator/inputs';
import { Simulation } from '../../app/simulator/simulation';
import { createTraceRecorder } from '../../app/simulator/trace';
import { RunChecks } from '../simulation/run-checks';
import { WPaxosLogChecker } from './wpaxos-log-checker';

const folder = dirname(fileURLToPath(import.meta.url));
const rewrite = process.env.REWRITE === '1';

/** A scripted run: the trace it printed and the checkers that watched it. */
class Script {
  readonly lines: string[] = [];
  readonly checks = new RunChecks('wpaxos');
  readonly log = new WPaxosLogChecker();
  readonly sim: Simulation;

  constructor(seed: number) {
    const trace = createTraceRecorder((line) => {
      // Only what a class reads: events, client calls and replies, faults.
      if (!/ (→|←|✗) | persist /.test(line)) this.lines.push(line);
    }, 'wpaxos');
    const options = { protocol: 'wpaxos', latencyMinMs: 1, latencyMaxMs: 1 } as const;
    this.sim = new Simulation(seed, options, [trace, this.log, ...this.checks.observers]);
  }

  note(text: string): void {
    this.lines.push(`# ${text}`);
  }

  client(node: string, op: ClientOp): void {
    this.sim.apply({ kind: 'client', node, op });
  }

  put(node: string, key: string, value: string): void {
    this.client(node, { kind: 'put', key, value });
  }

  fault(change: FaultChangeInput): void {
    this.sim.apply({ kind: 'fault', change });
  }

  advance(ms: number): void {
    this.sim.apply({ kind: 'advance', toMs: this.sim.nowMs + ms });
  }
}

function golden(name: string, script: Script): void {
  const path = join(folder, `${name}.golden`);
  const actual = `${script.lines.join('\n')}\n`;
  it('prints the expected trace', () => {
    if (rewrite) writeFileSync(path, actual);
    expect(actual).toEqual(readFileSync(path, 'utf8'));
  });
  it('keeps every safety invariant, applies each request once and stays linearizable', () => {
    expect(script.checks.verdict().failures).toEqual([]);
    expect(script.log.violations).toEqual([]);
  });
}

describe('wpaxos scenario: a steal while the old leader is mid phase 2', () => {
  const s = new Script(1);
  s.note('n0 (zone 1) writes k1 first: nobody leads it, so n0 steals it and commits inside zone 1');
  s.put('n0', 'k1', 'a');
  s.advance(50);
  s.note('six writes reach n1 (zone 2); n1 forwards them to n0, and k1 applies them in order');
  for (const value of ['b', 'c', 'd', 'e', 'f', 'g']) {
    s.put('n1', 'k1', value);
    s.advance(50);
  }
  s.note("n0's messages to n3, n4 and n5 are held: its next write is accepted in no zone by both nodes");
  for (const to of ['n3', 'n4', 'n5']) s.fault({ kind: 'hold', link: { from: 'n0', to } });
  s.put('n0', 'k1', 'h');
  s.advance(10);
  s.note("zone 2 sent 6 of k1's last 7 applied requests, so n1 steals k1 and recovers n0's open slot");
  s.put('n1', 'k1', 'i');
  s.advance(100);
  s.fault({ kind: 'unhold' });
  s.advance(300);
  s.client('n3', { kind: 'get', key: 'k1' });
  s.advance(100);
  golden('wpaxos-steal-mid-phase2', s);
});

describe('wpaxos scenario: two zones steal the same object at once', () => {
  const s = new Script(2);
  s.note('n0 (zone 1) and n2 (zone 3) both get a write of k1 while nobody leads it: both steal');
  s.put('n0', 'k1', 'from-zone-1');
  s.put('n2', 'k1', 'from-zone-3');
  s.advance(300);
  s.client('n4', { kind: 'get', key: 'k1' });
  s.advance(100);
  golden('wpaxos-two-zones-steal', s);
});
