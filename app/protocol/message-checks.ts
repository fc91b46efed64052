/**
 * The small checks a core's peer message validation is built from: each returns the first problem as
 * { field, reason } (the field named as a path in the message) or null.
 */
import type { InputProblem } from '../paxos/validate';

export type Fields = Record<string, unknown>;

export const problem = (field: string, reason: string): InputProblem => ({ field, reason });

export const isFields = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function checkCount(value: unknown, field: string, min = 0): InputProblem | null {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) return problem(field, 'must be an integer');
  return value < min ? problem(field, `must be at least ${min} (got ${value})`) : null;
}

export function checkFlag(value: unknown, field: string): InputProblem | null {
  return typeof value === 'boolean' ? null : problem(field, 'must be true or false');
}

/** Turns a record check's "path reason" into a problem whose field is the path under `prefix`. */
export function fromShape(prefix: string, shape: string): InputProblem {
  const space = shape.indexOf(' ');
  const path = shape.slice(0, space);
  return problem(prefix ? `${prefix}.${path}` : path, shape.slice(space + 1));
}

/**
 * A list of at most `max` slot entries, each an object that `checkEntry` accepts (given the entry and
 * its path, such as "entries[3]").
 */
export function checkEntryList(
  value: unknown,
  field: string,
  max: number,
  checkEntry: (entry: Fields, at: string) => InputProblem | null,
): InputProblem | null {
  if (!Array.isArray(value)) return problem(field, 'must be a list of slot entries');
  if (value.length > max) return problem(field, `must hold at most ${max} entries; got ${value.length}`);
  for (const [i, entry] of value.entries()) {
    const at = `${field}[${i}]`;
    if (!isFields(entry)) return problem(at, 'must be a slot entry');
    const found = checkEntry(entry, at);
    if (found) return found;
  }
  return null;
}
