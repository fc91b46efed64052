/**
 * What evaluating one operation on a key's current value decides, the pure half of the pattern of
 * PaxosStore Certain's card example (read the value and its version, evaluate, compare-and-set with the
 * version read). The client library (node-agent/kit/structures/cas-loop.ts) carries the decision out
 * and evaluates again after a version conflict. Evaluation must be deterministic: the same value, the
 * same operation and the same operation tag always decide the same, which the exactly-once argument
 * (docs/data-structures.md) relies on.
 */

export type Decision<T> =
  /**
   * Nothing to write: the answer holds as of the value read. `recorded`: the operation had already
   * been applied, found by its tag in the value (an earlier attempt or run of the same request id).
   */
  | { kind: 'answer'; answer: T; recorded?: true }
  /** The operation's own write: compare-and-set `value` with the operation's request id; then `answer`. */
  | { kind: 'write'; value: Uint8Array; answer: T }
  /**
   * A housekeeping write that is not the operation (sealing a full queue segment): idempotent, sent
   * with a request id of its own; afterwards the operation is evaluated again on the new value.
   */
  | { kind: 'maintain'; value: Uint8Array; why: string };

export function answer<T>(value: T): Decision<T> {
  return { kind: 'answer', answer: value };
}

/** The answer of an operation already applied, read back from its tag in the value. */
export function recorded<T>(value: T): Decision<T> {
  return { kind: 'answer', answer: value, recorded: true };
}

export function write<T>(value: Uint8Array, result: T): Decision<T> {
  return { kind: 'write', value, answer: result };
}

/** The current value of a key as a get returned it: null when the key does not exist or was deleted. */
export interface KeyState {
  version: number;
  value: Uint8Array | null;
}

/** An operation tag: 16 lowercase hex digits derived from the operation's request id. */
export const opTagPattern = /^[0-9a-f]{16}$/;

/** The most operation tags a set bucket or a table row remembers (a queue item keeps its own). */
export const appliedTagsMax = 16;

/** `applied` with `entry` added last, keeping the newest `appliedTagsMax`. */
export function remember<E>(applied: readonly E[], entry: E): E[] {
  const kept =
    applied.length >= appliedTagsMax ? applied.slice(applied.length - appliedTagsMax + 1) : applied;
  return [...kept, entry];
}
