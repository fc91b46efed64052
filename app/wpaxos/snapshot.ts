/**
 * Truncating an object's slot log. Every `snapshotEvery` applied slots a node keeps the object's state
 * machine as of its commit point as a snapshot (value, version, dedup window, locality window: all that
 * applying the slots built) and drops the slots up to its previous snapshot from memory; their records
 * leave the disk as the ring of slot records (record.ts) overwrites them. So a node holds the applied
 * slots since its previous snapshot (to serve a slightly late peer slot by slot) and the open ones.
 *
 * Why it is safe, and why a lagging node still catches up:
 * - Only applied slots are dropped, and an applied slot is chosen: its command never changes again, and
 *   the snapshot is exactly what applying it (and every slot before it) left.
 * - The safe point is the node's own previous snapshot, not the slowest member's commit point, so a node
 *   that is down for a week does not stop everyone else from truncating. A node asking for slots at or
 *   under a member's log base gets that member's snapshot instead (and the chosen slots after it) and
 *   installs it: its commit point jumps to the snapshot's slot, as if it had applied every slot.
 * - Phase 1 must see every accepted slot above the thief's commit point. A promise reports only the slots
 *   its sender still holds, and says its log base; slots up to a base are chosen (so no ballot can change
 *   them), and the thief catches up past the highest base of its Q1 before it reconciles. Above that,
 *   every promiser reported all it holds, as before truncation.
 * - A record is overwritten only when the slot it holds is at or under the log base, i.e. covered by the
 *   snapshot written in the same or an earlier Ready; disks keep Readies' writes in order, so a restart
 *   finds the snapshot whenever it misses an overwritten slot, and ignores slot records under it.
 */
import { emptyKvEntry } from '../multipaxos/state-machine';
import type { NodeId } from '../paxos/types';
import { dedupReply } from '../protocol/client-admission';
import { answer, emit, type Step } from './context';
import { copySnapshot, ringSlots, snapshotKey, snapshotRecord } from './record';
import type { ObjectSnapshot, ObjectState, WPaxosNodeState } from './types';

/** Applied slots between two snapshots: a node holds at most twice as many applied slots (and the open ones). */
export const snapshotEvery = 8;

/**
 * True when the node may hold `slot`: above its log base and within the ring of slot records. When the
 * ring is full but a snapshot at the commit point would free enough of it, that snapshot is taken.
 */
export function roomFor(step: Step, object: ObjectState, slot: number): boolean {
  if (slot <= object.logBase) return false;
  if (slot <= object.logBase + ringSlots) return true;
  if (slot > object.commitPoint + ringSlots) return false;
  takeSnapshot(step, object, object.commitPoint);
  return true;
}

/** After applying: a snapshot every `snapshotEvery` slots, dropping the slots under the previous one. */
export function snapshotIfDue(step: Step, object: ObjectState): void {
  const previous = object.snapshot?.slot ?? 0;
  if (object.commitPoint - previous >= snapshotEvery) takeSnapshot(step, object, previous);
}

/** Keeps the state as of the commit point as the object's snapshot (written lazily) and drops slots to `dropTo`. */
function takeSnapshot(step: Step, object: ObjectState, dropTo: number): void {
  const { state } = step;
  const snapshot: ObjectSnapshot = {
    slot: object.commitPoint,
    entry: state.kv[object.key] ?? emptyKvEntry(),
    recentZones: object.recentZones,
  };
  object.snapshot = copySnapshot(snapshot);
  dropThrough(object, dropTo);
  saveSnapshot(step, object);
  const { key, logBase } = object;
  emit(step, {
    type: 'snapshotTaken',
    key,
    slot: snapshot.slot,
    version: snapshot.entry.version,
    dropped: logBase,
  });
}

function saveSnapshot(step: Step, object: ObjectState): void {
  const key = snapshotKey(object.key);
  const sync = step.changed.get(key)?.sync ?? false;
  step.changed.set(key, { record: snapshotRecord(object.key, object.snapshot!), sync });
}

/** Forgets the slots up to `base` (they are applied and in the snapshot). */
function dropThrough(object: ObjectState, base: number): void {
  for (let slot = object.logBase + 1; slot <= base; slot++) delete object.log[slot];
  object.logBase = Math.max(object.logBase, base);
}

/** Makes `snapshot` the object's state: applied through its slot, slots up to it dropped. */
export function adoptSnapshot(state: WPaxosNodeState, object: ObjectState, snapshot: ObjectSnapshot): void {
  const copy = copySnapshot(snapshot);
  object.snapshot = copy;
  state.kv[object.key] = copySnapshot(copy).entry;
  object.recentZones = [...copy.recentZones];
  object.commitPoint = copy.slot;
  // Slots under the snapshot: whatever this node held there is chosen and applied, or was overruled.
  for (const slot of Object.keys(object.log).map(Number)) if (slot <= copy.slot) delete object.log[slot];
  object.logBase = Math.max(object.logBase, copy.slot);
  object.maxSlot = Math.max(object.maxSlot, copy.slot);
}

/**
 * A peer's snapshot for a node that was behind it: adopted and written, a leader's proposals under it
 * forgotten, and every write waiting here that the snapshot shows applied answered from its dedup window.
 */
export function installSnapshot(
  step: Step,
  object: ObjectState,
  snapshot: ObjectSnapshot,
  peer: NodeId,
): void {
  const { state } = step;
  const fromSlot = object.commitPoint + 1;
  adoptSnapshot(state, object, snapshot);
  saveSnapshot(step, object);
  const lead = object.lead;
  if (lead) {
    for (const slot of Object.keys(lead.proposals).map(Number))
      if (slot <= snapshot.slot) delete lead.proposals[slot];
    for (const [attempt, slot] of Object.entries(lead.proposedAttempts))
      if (slot <= snapshot.slot) delete lead.proposedAttempts[attempt];
    lead.nextSlot = Math.max(lead.nextSlot, snapshot.slot + 1);
  }
  const { slot } = snapshot;
  emit(step, {
    type: 'snapshotInstalled',
    key: object.key,
    fromSlot,
    slot,
    version: snapshot.entry.version,
    peer,
  });
  const applied = state.kv[object.key]!.requests;
  for (const [requestId, pending] of Object.entries(state.pending)) {
    if (pending.key !== object.key || pending.request.operation.kind === 'get') continue;
    const known = applied.find((request) => request.requestId === requestId);
    if (!known) continue;
    delete state.pending[requestId];
    answer(step, object.key, dedupReply(requestId, known));
  }
}
