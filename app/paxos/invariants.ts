/**
 * The core's invariants, each a check that returns null or a sentence saying what is wrong: a record's
 * shape (checked before it is written and again after it is read back), how a key's record may change
 * from one write to the next, and what a message may reveal when it leaves.
 */
import { ballotsEqual, compareBallots } from './ballot';
import { instanceAt, isSlim, newestInstance, sameEntry } from './plog';
import type { AppliedRequest, Instance, KeyRecord, NodeId, PeerMessage } from './types';

function instanceProblem(instance: Instance): string | null {
  const where = `instance ${instance.index}`;
  if (!Number.isInteger(instance.index) || instance.index < 1)
    return `${where}: index must be an integer >= 1`;
  if ((instance.accepted === null) !== (instance.value === null)) {
    return `${where}: an accepted ballot and a value go together`;
  }
  if (instance.accepted && compareBallots(instance.accepted, instance.promised) > 0) {
    return `${where}: accepted ballot is above the promised ballot`;
  }
  if (instance.chosen && instance.value === null) return `${where}: chosen without a value`;
  return instance.value ? windowProblem(where, instance.index, instance.value.requests) : null;
}

/** The dedup window names earlier entries only, oldest first. */
function windowProblem(where: string, index: number, requests: readonly AppliedRequest[]): string | null {
  for (let i = 0; i < requests.length; i++) {
    const applied = requests[i]!;
    if (applied.index >= index)
      return `${where}: its dedup window names entry ${applied.index}, not below it`;
    if (i > 0 && applied.index <= requests[i - 1]!.index) return `${where}: dedup window indexes must ascend`;
  }
  return null;
}

/** Null when the record is well formed, else a sentence saying what is wrong. */
export function checkRecordInvariants(record: KeyRecord): string | null {
  for (let i = 1; i < record.instances.length; i++) {
    if (record.instances[i]!.index <= record.instances[i - 1]!.index) return 'instance indexes must ascend';
  }
  for (const instance of record.instances) {
    const problem = instanceProblem(instance);
    if (problem) return problem;
  }
  if (!isSlim(record.instances)) return 'instances are not in a slim shape';
  for (let i = 1; i < record.recent.length; i++) {
    if (record.recent[i]!.index <= record.recent[i - 1]!.index)
      return 'recent summaries must ascend by index';
  }
  return null;
}

/**
 * Null when `after` may follow `before` as the same key's record: no promise is lowered at an index
 * both hold, a chosen value stays chosen and the same, and the newest index never goes back.
 */
export function checkRecordChange(
  before: KeyRecord,
  after: KeyRecord,
  options: { chosenMayChange?: boolean } = {},
): string | null {
  if ((newestInstance(after)?.index ?? 0) < (newestInstance(before)?.index ?? 0)) {
    return 'the newest instance index went back';
  }
  for (const old of before.instances) {
    const now = instanceAt(after, old.index);
    if (!now) continue;
    if (compareBallots(now.promised, old.promised) < 0)
      return `instance ${old.index}: its promise was lowered`;
    if (old.chosen && !(now.chosen && (options.chosenMayChange || sameEntry(now.value, old.value)))) {
      return `instance ${old.index}: its chosen value changed`;
    }
  }
  return null;
}

/**
 * Null when `message`, about to leave `self`, reveals only what the sender's record holds (the record
 * persisted in the same Ready or earlier): a granted promise or accept, the own vote behind a prepare
 * or an accept, and a chosen value the same as the one held chosen.
 */
export function checkOutgoingMessage(
  message: PeerMessage,
  self: NodeId,
  record: KeyRecord | undefined,
): string | null {
  if (message.to === self || message.to === '') return 'a node sends to another node';
  switch (message.type) {
    case 'promise':
    case 'prepare': {
      if (message.type === 'promise' && !message.ok) return null;
      const held = record && instanceAt(record, message.index);
      return held && compareBallots(held.promised, message.ballot) >= 0 ? null : 'its promise is not held';
    }
    case 'accepted':
    case 'fastAccepted': {
      if (!message.ok) return null;
      const held = record && instanceAt(record, message.index);
      return held && ballotsEqual(held.accepted, message.ballot) ? null : 'its accept is not held';
    }
    case 'accept':
    case 'fastAccept': {
      const held = record && instanceAt(record, message.index);
      return held && ballotsEqual(held.accepted, message.ballot) && sameEntry(held.value, message.value)
        ? null
        : 'its own accept is not held';
    }
    case 'chosen': {
      const held = record && instanceAt(record, message.index);
      return !held || (held.chosen && sameEntry(held.value, message.value))
        ? null
        : 'it names another value than the one held chosen';
    }
    default:
      return null;
  }
}
