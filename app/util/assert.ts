/**
 * Assertions for the core's edges: a failed one is a bug in this program, never bad input (input is
 * validated and refused with a named field instead), so it throws rather than carrying on with state
 * that could be written to disk or revealed to a peer.
 */
export class AssertionError extends Error {
  constructor(message: string) {
    super(`assertion failed: ${message}`);
    this.name = 'AssertionError';
  }
}

/** `message` may be a function, so a hot path builds no string unless the check fails. */
export function assert(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) throw new AssertionError(typeof message === 'string' ? message : message());
}
