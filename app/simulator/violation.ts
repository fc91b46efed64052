/** The invariants a safety checker watches whatever the protocol. */
export type SafetyInvariant =
  | 'record-invariants'
  | 'one-value-chosen'
  | 'chosen-stable'
  | 'promise-monotonic'
  | 'durable-promise-monotonic'
  | 'revealed-before-durable';

/** What a sweep checker reports: when, which invariant, and a sentence about it. */
export interface Violation<
  Invariant extends string = SafetyInvariant | 'applied-twice' | 'voter-before-relearned',
> {
  atMs: number;
  invariant: Invariant;
  detail: string;
}

/** Checkers keep the first few violations of a run; the rest add nothing a replay does not show. */
export const violationsKeptMax = 20;

/** A record that fails its protocol's own check, said as who wrote or read it back. */
export function recordViolation(
  atMs: number,
  node: string,
  how: string,
  key: string,
  problem: string,
): Violation<'record-invariants'> {
  return { atMs, invariant: 'record-invariants', detail: `${node} ${how} ${key}: ${problem}` };
}

/**
 * `where` (a node, how it came to hold it, and the slot) holding as `identity` (null: not chosen) what
 * it held chosen as `held`; null when nothing changed or it never held it chosen.
 */
export function chosenChange(
  atMs: number,
  where: string,
  held: string | undefined,
  identity: string | null,
  chosen: boolean,
): Violation<'chosen-stable'> | null {
  if (held === undefined || identity === held) return null;
  const now = chosen ? 'another value' : 'not chosen';
  return { atMs, invariant: 'chosen-stable', detail: `${where} as ${now} after it was chosen` };
}

/** Remembers the first identity seen at `at`; returns that first one when `identity` differs from it. */
export function firstSeenOther(seen: Map<string, string>, at: string, identity: string): string | null {
  const first = seen.get(at);
  if (first === undefined) seen.set(at, identity);
  return first === undefined || first === identity ? null : first;
}

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
