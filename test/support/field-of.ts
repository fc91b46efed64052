/** For tests of input that must be refused naming its field. */

/**
 * Runs `run`, which must throw a `kind` (an error that names its field), and returns "field | message"
 * so one expectation shows both.
 */
export function fieldOf<E extends Error & { field: string }>(
  kind: abstract new (...args: never[]) => E,
  run: () => unknown,
): string {
  try {
    run();
  } catch (error) {
    if (error instanceof kind) return `${error.field} | ${error.message}`;
    throw error;
  }
  throw new Error(`expected a ${kind.name}`);
}
