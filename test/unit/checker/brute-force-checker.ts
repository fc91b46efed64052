/**
 * A dumb twin of the checker for tiny histories: tries every order of the operations (and every
 * choice of which timed-out writes happened) that respects real time, written straight from the
 * model's definition. Exponential, so only for a handful of operations; the property tests compare
 * it with the real search, and replayLinearization checks the orders the real search reports.
 */
import type { HistoryOperation } from '../../../app/checker/history';

interface State {
  value: Uint8Array | null;
  version: number;
}

/** What the model says placing `operation` in `state` does: the next state, or null if it cannot go there. */
export function modelStep(operation: HistoryOperation, state: State): State | null {
  const { kind, outcome, result } = operation;
  if (kind === 'get') {
    const versionMatches = result?.version === undefined || result.version === state.version;
    return sameBytes(result?.value ?? null, state.value) && versionMatches ? state : null;
  }
  if (outcome === 'fail') {
    const current = result?.currentVersion;
    return current === state.version && current !== operation.expectedVersion ? state : null;
  }
  if (kind === 'cas' && state.version !== operation.expectedVersion) return null;
  const next = { value: kind === 'delete' ? null : (operation.value ?? null), version: state.version + 1 };
  return result?.version === undefined || result.version === next.version ? next : null;
}

/** True when some order explains the history, trying every one. */
export function bruteForceLinearizable(history: readonly HistoryOperation[]): boolean {
  const keys = new Set(history.map((operation) => operation.key));
  return [...keys].every((key) => {
    const relevant = history.filter((operation) => operation.key === key && takesEffectOrObserves(operation));
    const definite = relevant.filter((operation) => operation.outcome !== 'unknown');
    const optional = relevant.filter((operation) => operation.outcome === 'unknown');
    return search(definite, optional, { value: null, version: 0 });
  });
}

function takesEffectOrObserves(operation: HistoryOperation): boolean {
  if (operation.outcome === 'unknown') return operation.kind !== 'get';
  if (operation.outcome === 'ok') return true;
  return operation.kind === 'cas' && operation.result?.currentVersion !== undefined;
}

function search(definite: HistoryOperation[], optional: HistoryOperation[], state: State): boolean {
  if (definite.length === 0) return true;
  const deadline = Math.min(...definite.map((operation) => operation.returnMs ?? Infinity));
  const candidates = [...definite, ...optional].filter((operation) => operation.callMs <= deadline);
  return candidates.some((operation) => {
    const next = modelStep(operation, state);
    if (next === null) return false;
    return search(
      definite.filter((other) => other !== operation),
      optional.filter((other) => other !== operation),
      next,
    );
  });
}

/**
 * Checks an order the checker reported: it respects real time, every step is legal, and (unless
 * `prefixOnly`) every definite operation of the key appears. Returns the first problem, or null.
 */
export function replayLinearization(
  history: readonly HistoryOperation[],
  key: string,
  order: readonly string[],
  prefixOnly = false,
): string | null {
  const byId = new Map(history.map((operation) => [operation.id, operation]));
  const definite = history.filter(
    (operation) =>
      operation.key === key && takesEffectOrObserves(operation) && operation.outcome !== 'unknown',
  );
  definite.sort((a, b) => (a.returnMs ?? Infinity) - (b.returnMs ?? Infinity));
  const placed = new Set<string>();
  /** definite[earliest] is the unplaced definite operation that returned first. */
  let earliest = 0;
  let state: State = { value: null, version: 0 };
  for (const id of order) {
    const operation = byId.get(id);
    if (operation === undefined || operation.key !== key) return `${id} is not an operation of key ${key}`;
    while (placed.has(definite[earliest]?.id ?? '')) earliest++;
    const mustPrecede = definite[earliest];
    if (
      mustPrecede !== undefined &&
      mustPrecede !== operation &&
      (mustPrecede.returnMs ?? Infinity) < operation.callMs
    ) {
      return `${id} is placed before ${mustPrecede.id}, which returned before ${id} was called`;
    }
    const next = modelStep(operation, state);
    if (next === null) return `${id} cannot take effect in state version ${state.version}`;
    state = next;
    placed.add(id);
  }
  if (prefixOnly) return null;
  const missing = definite.find((operation) => !placed.has(operation.id));
  return missing === undefined ? null : `${missing.id} is missing`;
}

function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}
