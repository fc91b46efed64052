/** What a sweep checker reports: when, which invariant, and a sentence about it. */
export interface Violation {
  atMs: number;
  invariant:
    | 'record-invariants'
    | 'one-value-chosen'
    | 'chosen-stable'
    | 'promise-monotonic'
    | 'durable-promise-monotonic'
    | 'revealed-before-durable'
    | 'applied-twice'
    | 'voter-before-relearned';
  detail: string;
}

/** Checkers keep the first few violations of a run; the rest add nothing a replay does not show. */
export const violationsKeptMax = 20;

/** `map[node]`, created empty on first use. */
export function perNode<T>(maps: Map<string, Map<string, T>>, node: string): Map<string, T> {
  let map = maps.get(node);
  if (!map) maps.set(node, (map = new Map()));
  return map;
}

/** A checker's state as plain data (its own fields, deep-copied), for a checkpoint. */
export function saveFields(checker: object): unknown {
  return structuredClone({ ...checker });
}

/** Puts back fields `saveFields` took, as fresh copies (a checkpoint may be restored again). */
export function loadFields(checker: object, saved: unknown): void {
  Object.assign(checker, structuredClone(saved));
}
