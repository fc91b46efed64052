/**
 * The live check's bookkeeping, free of any worker or clock: operations grouped by key, the horizon
 * the stream has reached, and which keys need checking again because their part of the history
 * changed. One key is checked at a time, so the worker can answer messages between keys.
 */
import type { HistoryOperation } from '../../app/checker/history';
import { checkHistory } from '../../app/checker/linearizability';
import type { CheckerKeyVerdict } from '../../app/contract/checker-run';
import { keyVerdictOf } from '../../app/contract/checker-verdicts';
import { cutHistory } from './history-cut';

export interface LiveKeyVerdict extends CheckerKeyVerdict {
  /** Operations the check judged (those before the horizon) and all the key has so far. */
  checkedOperations: number;
  totalOperations: number;
}

export class LiveChecker {
  private readonly byKey = new Map<string, HistoryOperation[]>();
  /** What each key's cut looked like when last checked; an equal cut needs no new check. */
  private readonly checkedCut = new Map<string, string>();
  private readonly violated = new Set<string>();
  private readonly dirty = new Set<string>();
  private horizonMs = -Infinity;

  add(operations: readonly HistoryOperation[]): void {
    for (const operation of operations) {
      const list = this.byKey.get(operation.key);
      if (list) list.push(operation);
      else this.byKey.set(operation.key, [operation]);
      this.dirty.add(operation.key);
    }
  }

  /** Everything called before `horizonMs` is in the history (Infinity once the run's workload ended). */
  setHorizon(horizonMs: number): void {
    if (horizonMs <= this.horizonMs) return;
    this.horizonMs = horizonMs;
    for (const key of this.byKey.keys()) this.dirty.add(key);
  }

  hasWork(): boolean {
    return this.dirty.size > 0;
  }

  /**
   * Checks the next key whose cut changed; null when its cut is unchanged or empty. A key found in
   * violation stays so (a violation before the horizon is one of the whole history) and is not rechecked.
   */
  checkNext(now: () => number, budgetMs: number): LiveKeyVerdict | null {
    const key = this.dirty.values().next().value;
    if (key === undefined) return null;
    this.dirty.delete(key);
    if (this.violated.has(key)) return null;
    const operations = this.byKey.get(key) ?? [];
    const cut = cutHistory(operations, this.horizonMs);
    const shape = cutShape(cut);
    if (cut.length === 0 || this.checkedCut.get(key) === shape) return null;
    this.checkedCut.set(key, shape);
    const result = checkHistory(cut, { now, budgetMs }).keys[0]!;
    if (result.verdict === 'violation') this.violated.add(key);
    return { ...keyVerdictOf(result), checkedOperations: cut.length, totalOperations: operations.length };
  }
}

/** Two cuts of one key's history with the same shape hold the same operations in the same form. */
function cutShape(cut: readonly HistoryOperation[]): string {
  const definite = cut.filter((operation) => operation.outcome !== 'unknown').length;
  return `${cut.length}/${definite}`;
}
