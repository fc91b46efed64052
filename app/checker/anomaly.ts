/**
 * Names the anomaly behind a key's violation in the words a class uses for a weaker store: a lost
 * update, a read that went back in time, a value nobody wrote. It reads what the checker already proved
 * (the pre-check's rule and the operations it named, or where the search got stuck), so the name is
 * never a guess beyond that proof.
 */
import type { KeyCheckResult } from './check-result';
import type { HistoryOperation } from './history';

export type AnomalyKind =
  /** Two writes acknowledged with the same version: one of them is gone. */
  | 'lost-update'
  /** One version seen with two values: replicas disagree about what a version holds. */
  | 'divergent-version'
  /** A read saw an older version than an operation that had already finished before it began. */
  | 'read-went-back'
  /** A write was numbered from a stale copy: it found an older version than one already finished. */
  | 'stale-write'
  /** A read saw a value no write could have left (yet). */
  | 'phantom-read'
  /** A compare-and-set whose reported version contradicts what it expected. */
  | 'cas-anomaly'
  /** A version that needs more writes than were called. */
  | 'version-skipped'
  /** No cheap rule applies; the search proved no order explains the operations named. */
  | 'non-linearizable';

export interface Anomaly {
  key: string;
  kind: AnomalyKind;
  /** The anomaly in a few words, e.g. "lost update (two writes acknowledged at one version)". */
  title: string;
  /** One sentence: what happened, naming the operations. */
  explanation: string;
  operationIds: string[];
}

/** The anomaly behind a violated key, or null when the key is not violated. */
export function anomalyOf(
  result: KeyCheckResult,
  operations: ReadonlyMap<string, HistoryOperation>,
): Anomaly | null {
  if (result.verdict !== 'violation') return null;
  const { key } = result;
  const finding = result.precheck;
  if (finding) {
    const [first, second] = finding.operationIds;
    const kind = kindOfRule(
      finding.rule,
      first ? operations.get(first) : undefined,
      second ? operations.get(second) : undefined,
    );
    return {
      key,
      kind,
      title: headline[kind],
      explanation: `${headline[kind]}: ${result.reason ?? finding.rule}`,
      operationIds: finding.operationIds,
    };
  }
  const blocked = result.unplaced?.blockedOperationId;
  const operationIds = blocked ? [blocked, ...(result.unplaced?.concurrentOperationIds ?? [])] : [];
  const blockedOperation = blocked ? operations.get(blocked) : undefined;
  const where = blockedOperation
    ? `${blockedOperation.id} (${blockedOperation.kind}) cannot take effect after the ${result.linearizedPrefix.length} operations that could be ordered`
    : 'no order explains the history';
  return {
    key,
    kind: 'non-linearizable',
    title: headline['non-linearizable'],
    explanation: `${headline['non-linearizable']}: ${where}`,
    operationIds,
  };
}

/** Every violated key's anomaly, in the checker's key order. */
export function anomaliesOf(
  results: readonly KeyCheckResult[],
  history: readonly HistoryOperation[],
): Anomaly[] {
  const byId = new Map(history.map((operation) => [operation.id, operation]));
  return results.flatMap((result) => anomalyOf(result, byId) ?? []);
}

const headline: Record<AnomalyKind, string> = {
  'lost-update': 'lost update (two writes acknowledged at one version)',
  'divergent-version': 'divergent replicas (one version, two values)',
  'read-went-back': 'read went back in time',
  'stale-write': 'write numbered from a stale copy',
  'phantom-read': 'read of a value no write had left',
  'cas-anomaly': 'compare-and-set against the wrong version',
  'version-skipped': 'version with too few writes behind it',
  'non-linearizable': 'not linearizable',
};

function kindOfRule(
  rule: NonNullable<KeyCheckResult['precheck']>['rule'],
  first: HistoryOperation | undefined,
  second: HistoryOperation | undefined,
): AnomalyKind {
  switch (rule) {
    case 'two-writers':
      return 'lost-update';
    case 'two-values':
      return 'divergent-version';
    case 'stale-version':
      return first?.kind === 'get' && second !== undefined ? 'read-went-back' : 'stale-write';
    case 'never-written':
    case 'written-later':
      return 'phantom-read';
    case 'cas-version':
      return 'cas-anomaly';
    case 'too-few-writes':
      return 'version-skipped';
  }
}
