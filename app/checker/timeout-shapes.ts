/**
 * Small histories built to hurt a linearizability search, for the tests and `npm run bench:checker`:
 * many writes that never got an answer beside writes that report their versions (the shapes of issue
 * 12, a 44-line history that ran the plain search out of memory), and one that stays exponential for
 * any search, to exercise the limits.
 */
import type { HistoryOperation } from './history';

export interface UnansweredPutsShape {
  /** Puts with no answer (outcome unknown), all called at time 0. */
  unanswered: number;
  /** Puts after them, one after another, each reporting the version it made: 1, 2, … */
  versioned: number;
  /**
   * The versioned puts report 2, 4, 6, … instead, leaving the odd versions between them for the
   * unanswered puts to fill (needs unanswered > versioned).
   */
  interleaved?: boolean;
  /** Which unanswered put (0-based) the final read sees; the other unanswered values are never read. */
  readsUnanswered?: number;
  /**
   * Adds one line that makes the history a violation: a second read, after the first, of another
   * unanswered put's value one version higher, which needs one more unanswered put than there is.
   */
  violating?: boolean;
  key?: string;
}

const encoder = new TextEncoder();

/**
 * The unanswered puts fill the versions the versioned ones leave (versioned + 1 … versioned +
 * unanswered, or the odd ones and the last when interleaved): every one of them must have happened,
 * in an order that ends with the one the read sees, so the history is linearizable unless
 * `violating`. A search that tries the unanswered puts in every order needs 2^unanswered steps.
 */
export function unansweredPutsHistory(shape: UnansweredPutsShape): HistoryOperation[] {
  const { unanswered, versioned, readsUnanswered = 0, violating = false, key = 'k' } = shape;
  const interleaved = shape.interleaved === true;
  if (!Number.isSafeInteger(unanswered) || unanswered < 1) {
    throw new RangeError(`unansweredPutsHistory: unanswered must be an integer ≥ 1, got ${unanswered}`);
  }
  if (!Number.isSafeInteger(versioned) || versioned < 0) {
    throw new RangeError(`unansweredPutsHistory: versioned must be an integer ≥ 0, got ${versioned}`);
  }
  if (!Number.isSafeInteger(readsUnanswered) || readsUnanswered < 0 || readsUnanswered >= unanswered) {
    throw new RangeError(
      `unansweredPutsHistory: readsUnanswered must be an integer from 0 to ${unanswered - 1}, got ${readsUnanswered}`,
    );
  }
  if (interleaved && unanswered <= versioned) {
    throw new RangeError(
      `unansweredPutsHistory: interleaved needs more unanswered puts than versioned ones, got ${unanswered} and ${versioned}`,
    );
  }
  const operations: HistoryOperation[] = [];
  for (let i = 0; i < unanswered; i++) {
    operations.push(operation(`${key}-u${i}`, 'put', key, [0, null], `u${i}`));
  }
  for (let i = 0; i < versioned; i++) {
    const write = operation(`${key}-w${i + 1}`, 'put', key, [10 + 2 * i, 11 + 2 * i], `w${i + 1}`);
    write.result = { version: interleaved ? 2 * (i + 1) : i + 1 };
    operations.push(write);
  }
  const readAtMs = 10 + 2 * versioned;
  const finalVersion = versioned + unanswered;
  operations.push(read(`${key}-read`, key, readAtMs, `u${readsUnanswered}`, finalVersion));
  if (violating) {
    const other = (readsUnanswered + 1) % unanswered;
    operations.push(read(`${key}-read-more`, key, readAtMs + 2, `u${other}`, finalVersion + 1));
  }
  return operations;
}

/**
 * A violation no pre-check sees and no shortcut shortens: `count` timed-out puts without versions,
 * each read once while all run concurrently, so the search must try them in every order (2^count
 * nodes); then a put and a read of the first value again, which would need that put applied twice.
 */
export function exponentialHistory(count: number, key = 'hard'): HistoryOperation[] {
  const puts = Array.from({ length: count }, (_, i) =>
    operation(`${key}-u${i}`, 'put', key, [i, null], `u${i}`),
  );
  const reads = Array.from({ length: count }, (_, i) => {
    const made = operation(`${key}-r${i}`, 'get', key, [50, 100]);
    made.result = { value: encoder.encode(`u${i}`) };
    return made;
  });
  const again = operation(`${key}-again`, 'get', key, [200, 201]);
  again.result = { value: encoder.encode('u0') };
  return [...puts, ...reads, operation(`${key}-z`, 'put', key, [150, 160], 'z'), again];
}

function operation(
  id: string,
  kind: 'put' | 'get',
  key: string,
  [callMs, returnMs]: [number, number | null],
  value?: string,
): HistoryOperation {
  const made: HistoryOperation = {
    id,
    client: id,
    kind,
    key,
    callMs,
    returnMs,
    outcome: returnMs === null ? 'unknown' : 'ok',
  };
  if (value !== undefined) made.value = encoder.encode(value);
  return made;
}

function read(id: string, key: string, atMs: number, value: string, version: number): HistoryOperation {
  const made = operation(id, 'get', key, [atMs, atMs + 1]);
  made.result = { value: encoder.encode(value), version };
  return made;
}
