/**
 * The per-key PLog record: at most two instances in a "slim" shape, plus a short window of recent
 * chosen summaries. Records are treated as values: every change builds a new record, so a record
 * handed to the shell in a Ready never changes under it.
 */
import { NO_BALLOT } from './ballot';
import type { AppliedRequest, ChosenSummary, EntryValue, Instance, KeyRecord, PLogHeader } from './types';

export function emptyRecord(key: string): KeyRecord {
  return { key, instances: [], recent: [] };
}

export function freshInstance(index: number): Instance {
  return { index, promised: NO_BALLOT, accepted: null, value: null, chosen: false };
}

export function newestInstance(record: KeyRecord): Instance | undefined {
  return record.instances[record.instances.length - 1];
}

export function newestChosen(record: KeyRecord): Instance | undefined {
  for (let i = record.instances.length - 1; i >= 0; i--) {
    const instance = record.instances[i]!;
    if (instance.chosen) return instance;
  }
  return undefined;
}

export function instanceAt(record: KeyRecord, index: number): Instance | undefined {
  return record.instances.find((instance) => instance.index === index);
}

export function headerOf(record: KeyRecord): PLogHeader {
  const chosen = newestChosen(record);
  return {
    maxIndex: newestInstance(record)?.index ?? 0,
    chosenIndex: chosen?.index ?? 0,
    version: chosen?.value?.version ?? 0,
  };
}

/** True when the newest instance is not chosen (a proposal there may still be running). */
export function hasPendingNewest(record: KeyRecord): boolean {
  const newest = newestInstance(record);
  return newest !== undefined && !newest.chosen;
}

/**
 * True when the record does not know the value chosen just below its newest instance, so the node
 * must catch up before it can propose or serve a read.
 */
export function isBehind(record: KeyRecord): boolean {
  const header = headerOf(record);
  return header.maxIndex > header.chosenIndex + 1;
}

/**
 * The slim shapes: [], [i], [chosen i, pending i+1], [pending i with value, pending i+1 without value].
 * Only the newest instance matters to the protocol; the older one is kept when it still tells the
 * node something the newer cannot (the key's current value, or an accepted value not yet known chosen).
 */
export function isSlim(instances: readonly Instance[]): boolean {
  if (instances.length <= 1) return true;
  if (instances.length > 2) return false;
  const [older, newer] = instances as [Instance, Instance];
  if (newer.index !== older.index + 1 || newer.chosen) return false;
  return older.chosen || (older.value !== null && newer.value === null);
}

export function shrinkInstances(instances: readonly Instance[]): Instance[] {
  const sorted = [...instances].sort((a, b) => a.index - b.index);
  const newest = sorted[sorted.length - 1];
  if (!newest) return [];
  const older = sorted[sorted.length - 2];
  if (older && isSlim([older, newest])) return [older, newest];
  return [newest];
}

function summaryOf(instance: Instance): ChosenSummary | null {
  if (!instance.chosen || !instance.value) return null;
  const { requestId, version, deleted, owner } = instance.value;
  return { index: instance.index, requestId, version, deleted, owner };
}

function withSummary(recent: ChosenSummary[], summary: ChosenSummary, recentMax: number): ChosenSummary[] {
  if (recent.some((entry) => entry.index === summary.index)) return recent;
  const merged = [...recent, summary].sort((a, b) => a.index - b.index);
  return merged.slice(Math.max(0, merged.length - recentMax));
}

/**
 * A new record with `instance` stored at its index (replacing any instance there), shrunk back to a
 * slim shape, and with the instance's summary added to `recent` when it is chosen.
 */
export function putInstance(record: KeyRecord, instance: Instance, recentMax: number): KeyRecord {
  const others = record.instances.filter((existing) => existing.index !== instance.index);
  const summary = summaryOf(instance);
  return {
    key: record.key,
    instances: shrinkInstances([...others, instance]),
    recent: summary ? withSummary(record.recent, summary, recentMax) : record.recent,
  };
}

/** True when two entries are the same proposal's value (same request, owner, version and kind). */
export function sameEntry(a: EntryValue | null, b: EntryValue | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.requestId === b.requestId && a.owner === b.owner && a.version === b.version && a.deleted === b.deleted
  );
}

/**
 * The dedup window a value proposed at `previous.index + 1` carries: the previous value's window plus
 * the previous value's own request (a no-op has none), newest last, at most `windowMax` long.
 */
export function requestsAfter(previous: Instance | undefined, windowMax: number): AppliedRequest[] {
  const value = previous?.value;
  if (!previous || !value) return [];
  const own =
    value.requestId === ''
      ? []
      : [{ requestId: value.requestId, version: value.version, index: previous.index }];
  const window = [...value.requests, ...own];
  return window.slice(Math.max(0, window.length - windowMax));
}

/** Where a request id was applied, as the key's newest chosen value remembers it. */
export function findApplied(record: KeyRecord, requestId: string): AppliedRequest | undefined {
  const chosen = newestChosen(record);
  if (requestId === '' || !chosen?.value) return undefined;
  const { value } = chosen;
  if (value.requestId === requestId) return { requestId, version: value.version, index: chosen.index };
  return value.requests.find((applied) => applied.requestId === requestId);
}

/**
 * True when the newest chosen value's window accounts for every request applied above
 * `chosenIndex`: the window is not yet full, or its oldest entry sits right above that index or lower.
 * Otherwise a request applied there may have been evicted, and a retry cannot be decided.
 */
export function windowReachesBack(record: KeyRecord, chosenIndex: number, windowMax: number): boolean {
  const requests = newestChosen(record)?.value?.requests ?? [];
  const oldest = requests[0];
  return requests.length < windowMax || oldest === undefined || oldest.index <= chosenIndex + 1;
}
