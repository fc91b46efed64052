/**
 * Everything a simulated run is checked against, whoever drives it (a sweep seed or a golden
 * scenario): the safety and durability checkers watch it step by step, and the client attempts they
 * saw are checked as a history afterwards (linearizable per key, with every attempt of a request as
 * one operation, acknowledged writes seen by later reads, and one version per acknowledged write).
 */
import { performance } from 'node:perf_hooks';
import { anomaliesOf, type Anomaly } from '../../app/checker/anomaly';
import { checkHistory } from '../../app/checker/linearizability';
import type { ProtocolName } from '../../app/protocol/protocol';
import type { SimObserver } from '../../app/simulator/sim-observer';
import type { ClientCall } from '../../app/simulator/sim-state';
import { splitWrites, staleReads, toHistory } from './client-history';
import { DurabilityChecker } from '../../app/simulator/durability-checker';
import { SafetyChecker } from '../../app/simulator/safety-checker';

/** Keeps every client attempt as the simulation reported it, with its reply once answered. */
class CallRecorder implements SimObserver {
  private readonly byId = new Map<string, ClientCall>();

  onClientCall(_nowMs: number, call: ClientCall): void {
    this.byId.set(call.callId, { ...call });
  }

  onClientReply(_nowMs: number, call: ClientCall): void {
    this.byId.set(call.callId, { ...call });
  }

  get calls(): ClientCall[] {
    return [...this.byId.values()];
  }
}

export interface RunVerdict {
  /** One line per problem; empty when the run passed. */
  failures: string[];
  /** Keys whose linearizability search ran out of time (not a failure, but worth a look). */
  keysUndecided: number;
  /** What each non-linearizable key's violation is, in a class's words. */
  anomalies: Anomaly[];
}

export class RunChecks {
  readonly safety = new SafetyChecker();
  readonly durability = new DurabilityChecker();
  private readonly recorder = new CallRecorder();

  constructor(private readonly protocol: ProtocolName = 'paxoskv') {}

  /**
   * The observers to attach to the simulation. The safety and durability checkers read PaxosKV's
   * acceptor records; every protocol is judged by its client history.
   */
  get observers(): SimObserver[] {
    return this.protocol === 'paxoskv' ? [this.safety, this.durability, this.recorder] : [this.recorder];
  }

  get calls(): ClientCall[] {
    return this.recorder.calls;
  }

  /** What failed; `budgetMs` bounds the linearizability search (unbounded when omitted). */
  verdict(budgetMs?: number): RunVerdict {
    const failures = [...this.safety.violations, ...this.durability.violations].map(
      (violation) => `t=${violation.atMs} ${violation.invariant}: ${violation.detail}`,
    );
    const operations = toHistory(this.calls);
    const limits = budgetMs === undefined ? {} : { now: () => performance.now(), budgetMs };
    const result = checkHistory(operations, limits);
    const anomalies = anomaliesOf(result.keys, operations);
    for (const anomaly of anomalies) {
      failures.push(`linearizability: ${anomaly.key} is not linearizable: ${anomaly.explanation}`);
    }
    failures.push(...staleReads(operations).map((problem) => `stale read: ${problem}`));
    failures.push(...splitWrites(this.calls).map((problem) => `applied twice: ${problem}`));
    return { failures, keysUndecided: result.keys.filter((k) => k.verdict === 'unknown').length, anomalies };
  }
}
