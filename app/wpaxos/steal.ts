/**
 * Stealing an object: phase 1 over Q1. The thief picks a ballot above any it has seen, promises it to
 * itself (durably, in this Ready) and asks every member of the group to promise it and report what it
 * accepted above the thief's commit point. With promises from a Q1 (a majority in Z − F zones) it
 * reconciles the open slots: a slot reported chosen is adopted, a slot reported accepted is proposed
 * again with the command of the highest ballot, a slot nobody reported gets a no-op. Any Q2 that chose
 * something shares a zone majority, so a node, with this Q1: nothing chosen is lost, even when two zones
 * steal at once (the lower ballot's leader meets refusals and gives the object up).
 */
import { timersOf } from '../multipaxos/timing';
import { nextInt } from '../util/prng';
import { broadcast, emit, groupOf, savePromise, type Step } from './context';
import { isQ1, leaderOfBallot, majorityZones, nextBallot, q1Zones, zoneOf } from './grid';
import { broadcastCommit, proposeAt, proposeNew } from './leader';
import { advanceCommit, markChosen, reportAbove, requestCatchUp } from './log';
import { roomFor } from './snapshot';
import { assert } from '../util/assert';
import { zoneShare } from './policy';
import type { LeadState, ObjectState, PromiseMessage, SlotEntry, StealReason } from './types';

export function startSteal(step: Step, object: ObjectState, reason: StealReason): void {
  const { state } = step;
  const { self } = state.config;
  const group = groupOf(state, object);
  const ballot = nextBallot(group, self, Math.max(object.promised, object.leaderBallot));
  savePromise(step, object, ballot);
  object.leaderHeardAtMs = state.nowMs;
  object.lead = {
    ballot,
    phase: 'stealing',
    promises: { [self]: reportAbove(object, object.commitPoint) },
    catchUpTo: 0,
    catchUpFrom: null,
    proposals: {},
    nextSlot: object.commitPoint + 1,
    queue: [],
    proposedAttempts: {},
    startedAtMs: state.nowMs,
    resendAtMs: state.nowMs + timersOf(state.config).resendMs,
  };
  const zone = zoneOf(group, self);
  const share = zoneShare(object, zone);
  const q1 = q1Zones(state.zoneFailures);
  emit(step, {
    type: 'steal',
    key: object.key,
    ballot,
    zone,
    reason,
    share,
    window: object.recentZones.length,
    q1Zones: q1,
    members: [...group.members],
  });
  broadcast(step, object, { type: 'prepare', ballotNumber: ballot, commitPoint: object.commitPoint });
}

export function onPromise(step: Step, object: ObjectState, message: PromiseMessage): void {
  const lead = object.lead;
  if (!message.ok) {
    if (lead && message.promised > lead.ballot) giveUp(step, object, message.promised);
    else object.leaderBallot = Math.max(object.leaderBallot, message.promised);
    return;
  }
  if (!lead || lead.ballot !== message.ballotNumber || lead.phase !== 'stealing') return;
  lead.promises[message.from] = message.entries;
  if (message.logBase > lead.catchUpTo) {
    lead.catchUpTo = message.logBase;
    lead.catchUpFrom = message.from;
  }
  tryReconcile(step, object);
}

/**
 * With a Q1 of promises, reconciles, once this node's commit point reached every promiser's log base:
 * the slots up to a base are chosen but no longer reported, so they are caught up first (requested here).
 */
export function tryReconcile(step: Step, object: ObjectState): void {
  const lead = object.lead;
  if (!lead || lead.phase !== 'stealing') return;
  if (!isQ1(groupOf(step.state, object), Object.keys(lead.promises), step.state.zoneFailures)) return;
  if (lead.catchUpTo > object.commitPoint) {
    requestCatchUp(step, object, lead.catchUpFrom!, false);
    return;
  }
  reconcile(step, object, lead);
}

/** A member promised a higher ballot: another node stole the object, so this one stops leading it. */
export function giveUp(step: Step, object: ObjectState, by: number): void {
  const { state } = step;
  const lead = object.lead!;
  object.lead = null;
  object.leaderBallot = Math.max(object.leaderBallot, by);
  object.leaderHeardAtMs = state.nowMs;
  // Wait a little before stealing again, drawn per node: two zones that both want it do not duel forever.
  const backoff = timersOf(state.config).resendMs + nextInt(state.prng, 0, state.jitterMs * 2);
  object.stealAfterMs = state.nowMs + backoff;
  const leader = leaderOfBallot(groupOf(state, object), by) ?? '?';
  emit(step, { type: 'stealLost', key: object.key, ballot: lead.ballot, by, leader });
}

/** For each open slot, the entry phase 2 must carry: a chosen one, else the highest ballot's. */
function bestEntries(object: ObjectState, lead: LeadState): Map<number, SlotEntry> {
  const best = new Map<number, SlotEntry>();
  const own = reportAbove(object, object.commitPoint);
  for (const entries of [...Object.values(lead.promises), own]) {
    for (const entry of entries) {
      if (entry.slot <= object.commitPoint) continue;
      const current = best.get(entry.slot);
      const better = !current || (!current.chosen && (entry.chosen || entry.ballot > current.ballot));
      if (better) best.set(entry.slot, entry);
    }
  }
  return best;
}

function reconcile(step: Step, object: ObjectState, lead: LeadState): void {
  const { state } = step;
  const best = bestEntries(object, lead);
  const top = Math.max(object.commitPoint, ...best.keys());
  // Every promiser holds at most ringSlots above its base, which is under the commit point: room is there.
  assert(
    roomFor(step, object, Math.max(top, object.commitPoint + 1)),
    () => `${object.key}: no room for slot ${top}`,
  );
  lead.phase = 'serving';
  const group = groupOf(state, object);
  const zone = zoneOf(group, state.config.self);
  const promisers = Object.keys(lead.promises);
  const promisedZones = majorityZones(group, promisers);
  const openSlots = top - object.commitPoint;
  const leader = state.config.self;
  const { key } = object;
  emit(step, { type: 'stole', key, ballot: lead.ballot, leader, zone, promisedZones, promisers, openSlots });
  for (let slot = object.commitPoint + 1; slot <= top; slot++) {
    const entry = best.get(slot);
    if (entry?.chosen) markChosen(step, object, entry);
    else if (entry) proposeAt(step, object, slot, entry.command);
    else {
      const tag = `${state.config.self}/${lead.ballot}/${slot}`;
      proposeAt(step, object, slot, { kind: 'noop', tag });
      emit(step, { type: 'noopFilled', key: object.key, slot, ballot: lead.ballot });
    }
  }
  lead.nextSlot = top + 1;
  advanceCommit(step, object);
  broadcastCommit(step, object, lead, []);
  for (const queued of lead.queue.splice(0)) proposeNew(step, object, queued.command, queued.deadlineMs);
}
