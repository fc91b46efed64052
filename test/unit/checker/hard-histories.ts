/** Histories that are hard for the search on purpose, for the tests of its limits. */
import type { HistoryOperation } from '../../../app/checker/history';
import { get, put } from './history-builders';

/**
 * A violation no pre-check sees and no shortcut shortens: `count` timed-out puts without versions,
 * each read once while all run concurrently, so the search must try them in every order (2^count
 * nodes); then a put and a read of the first value again, which would need that put applied twice.
 */
export function exponentialHistory(count: number, key = 'hard'): HistoryOperation[] {
  const puts = Array.from({ length: count }, (_, i) =>
    put({ id: `${key}-u${i}`, key, at: [i, null] }, `u${i}`),
  );
  const reads = Array.from({ length: count }, (_, i) =>
    get({ id: `${key}-r${i}`, key, at: [50, 100] }, `u${i}`),
  );
  return [
    ...puts,
    ...reads,
    put({ id: `${key}-z`, key, at: [150, 160] }, 'z'),
    get({ id: `${key}-again`, key, at: [200, 201] }, 'u0'),
  ];
}

/** A clock that moves one millisecond every time it is read. */
export function tickingClock(): () => number {
  let ms = 0;
  return () => ms++;
}
