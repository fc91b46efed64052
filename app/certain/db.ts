/**
 * The DB beside the PLog (reference §1, §7): chosen entries are applied to it in entry order, after the
 * step that wrote them chosen, as PaxosStore's DB worker applies them asynchronously. So a crash can
 * fall between the PLog write and the DB apply; after a restart the first step replays the chosen
 * PLog entries the DB had not applied (`replayed`). The DB row records `committed`
 * (max_committed_entry); a request's reply goes out when its entry is applied here.
 */
import { applyCommand, versionAfter } from '../multipaxos/state-machine';
import { emit, saveDb, type Step } from './context';
import { settleRequest } from './clients';
import { trimApplied } from './trim';
import type { EntityState, KvEntry } from './types';

/** Applies every chosen entry above `committed`, in order, stopping at the first one not known chosen. */
export function applyChosen(step: Step, entity: EntityState, replaying: boolean): void {
  const { db } = entity;
  const fromEntry = db.committed + 1;
  for (let next = entity.plog[db.committed + 1]; next?.chosen; next = entity.plog[db.committed + 1]) {
    const entry = db.committed + 1;
    const kv: Record<string, KvEntry> = {
      [entity.key]: { version: db.version, value: db.value, requests: db.requests },
    };
    const command = next.value!;
    const result = applyCommand(kv, command, entry, step.state.config.dedupWindow);
    const after = kv[entity.key]!;
    db.version = after.version;
    db.value = after.value;
    db.requests = after.requests;
    db.committed = entry;
    if (!replaying) {
      const requestId = command.kind === 'client' ? command.requestId : null;
      emit(step, {
        type: 'applied',
        key: entity.key,
        entry,
        result: result.kind,
        version: versionAfter(result),
        requestId,
      });
    }
    if (command.kind === 'client') settleRequest(step, entity, command, entry, next.accepted, result);
  }
  if (db.committed < fromEntry) return;
  trimApplied(entity);
  saveDb(step, entity);
  if (replaying) emit(step, { type: 'replayed', key: entity.key, fromEntry, toEntry: db.committed });
}
