/**
 * The key-value state machine every member applies the chosen slots to, in slot order. Whether a write
 * is a retry (dedup), a version conflict or indeterminate is decided here, at apply time, from the
 * state before the slot: every replica applies the same slots in the same order, so all agree.
 */
import { assert } from '../util/assert';
import type { ApplyResult, Command, KvEntry } from './types';

export function emptyKvEntry(): KvEntry {
  return { version: 0, value: null, requests: [] };
}

/** Applies `command`, chosen at `slot`, to `kv` in place; returns what it did. */
export function applyCommand(
  kv: Record<string, KvEntry>,
  command: Command,
  slot: number,
  dedupWindow: number,
): ApplyResult {
  if (command.kind === 'noop') return { kind: 'noop' };
  const { operation, requestId } = command;
  const entry = kv[operation.key] ?? emptyKvEntry();
  if (operation.kind === 'get') return { kind: 'read', version: entry.version, value: entry.value };
  const applied = entry.requests.find((request) => request.requestId === requestId);
  if (applied) return { kind: 'dedup', applied };
  // An attempt of this id applied since the origin saw the key could have left the window by now.
  if (entry.version - command.arrivedAtVersion > dedupWindow) {
    return { kind: 'indeterminate', version: entry.version };
  }
  if (operation.kind === 'cas' && operation.expectedVersion !== entry.version) {
    return { kind: 'conflict', currentVersion: entry.version };
  }
  const version = entry.version + 1;
  const requests = [...entry.requests, { requestId, version, index: slot }];
  kv[operation.key] = {
    version,
    value: operation.kind === 'delete' ? null : operation.value,
    requests: requests.slice(Math.max(0, requests.length - dedupWindow)),
  };
  assert(kv[operation.key]!.requests.length <= dedupWindow, 'the dedup window stays bounded');
  return { kind: 'written', version };
}

/** The version a slot leaves its key at, for events and the console (0 for a no-op). */
export function versionAfter(result: ApplyResult): number {
  switch (result.kind) {
    case 'noop':
      return 0;
    case 'dedup':
      return result.applied.version;
    case 'conflict':
      return result.currentVersion;
    default:
      return result.version;
  }
}
