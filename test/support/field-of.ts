/** For tests of input that must be refused naming its field. */

/** Runs `run`, which must throw a `kind`, and returns that error for a test to look into. */
export function thrown<E extends Error>(kind: abstract new (...args: never[]) => E, run: () => unknown): E {
  try {
    run();
  } catch (error) {
    if (error instanceof kind) return error;
    throw error;
  }
  throw new Error(`expected a ${kind.name}`);
}

/**
 * Runs `run`, which must throw a `kind` (an error that names its field), and returns "field | message"
 * so one expectation shows both.
 */
export function fieldOf<E extends Error & { field: string }>(
  kind: abstract new (...args: never[]) => E,
  run: () => unknown,
): string {
  const error = thrown(kind, run);
  return `${error.field} | ${error.message}`;
}
