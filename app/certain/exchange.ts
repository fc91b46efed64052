/**
 * The semi-symmetric exchange (reference §3b), as pure functions of records: what a receiver makes of
 * a peer's record, and what its views of every replica say about the entry. There are no message roles:
 * a peer's record with a higher promise is a prepare, one with an accepted value an accept, one marked
 * chosen a commit, and the replies are the same records going back.
 */
import type { Command, EntryRecord } from './types';

/**
 * This acceptor's record after hearing `peer`'s own record (§3b rules 2–3). A chosen record never
 * changes. A chosen peer's value is adopted as chosen. Otherwise, when `mayVote`, the promise rises to
 * the peer's and the peer's accepted value is taken if nothing promised since is higher (accepting a
 * value at its own ballot: there is one value per ballot, chosen by the ballot's owner).
 */
export function adoptPeer(own: EntryRecord, peer: EntryRecord, mayVote: boolean): EntryRecord {
  if (own.chosen) return own;
  if (peer.chosen) {
    const promised = Math.max(own.promised, peer.accepted);
    return { prepared: own.prepared, promised, accepted: peer.accepted, value: peer.value, chosen: true };
  }
  if (!mayVote) return own;
  const promised = Math.max(own.promised, peer.promised);
  if (promised <= peer.accepted && own.accepted < peer.accepted) {
    return { prepared: own.prepared, promised, accepted: peer.accepted, value: peer.value, chosen: false };
  }
  return promised === own.promised ? own : { ...own, promised };
}

/** How many replicas (this one included) hold a record that passes `holds`, by this node's views. */
function countHolding(
  own: EntryRecord,
  views: readonly EntryRecord[],
  holds: (record: EntryRecord) => boolean,
): number {
  return (holds(own) ? 1 : 0) + views.filter(holds).length;
}

/** Chosen: a majority of the replicas, by this node's views, accepted its (non-zero) accepted ballot. */
export function isChosenByViews(own: EntryRecord, views: readonly EntryRecord[], majority: number): boolean {
  if (own.chosen || own.accepted === 0) return own.chosen;
  return countHolding(own, views, (record) => record.accepted === own.accepted) >= majority;
}

/**
 * Majority promise: this node's proposal still stands (nothing higher promised here, not yet accepted,
 * the TLA model's accept guard) and a majority promised exactly its ballot. A node relearning after a
 * wiped disk may have forgotten promises at the entry, so its own promise does not count (`countOwn`).
 */
export function hasMajorityPromise(
  own: EntryRecord,
  views: readonly EntryRecord[],
  majority: number,
  countOwn: boolean,
): boolean {
  const ballot = own.prepared;
  if (ballot === 0 || own.promised !== ballot || own.accepted === ballot || own.chosen) return false;
  const others = views.filter((record) => record.promised === ballot).length;
  return others + (countOwn ? 1 : 0) >= majority;
}

/**
 * The value to accept after a majority promise: the one accepted at the highest ballot anywhere this
 * node can see (every such ballot is below its own, which a majority promised), else its own command.
 */
export function valueToAccept(
  own: EntryRecord,
  views: readonly EntryRecord[],
  ownCommand: Command | null,
): Command | null {
  let best: EntryRecord | null = own.accepted > 0 ? own : null;
  for (const view of views) {
    if (view.accepted > 0 && (best === null || view.accepted > best.accepted)) best = view;
  }
  return best ? best.value : ownCommand;
}

/** A proposal is beaten once anyone promised a higher ballot at the entry. */
export function isBeaten(own: EntryRecord, views: readonly EntryRecord[], ballot: number): boolean {
  return own.promised > ballot || views.some((view) => view.promised > ballot);
}
