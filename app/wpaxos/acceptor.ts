/**
 * The acceptor side, per object. An acceptor promises a ballot above its promise and accepts a command
 * in a ballot at or above it; both are written (synced) in the Ready that carries the reply. A node
 * still relearning the object after a wiped disk does neither and stays silent, so no leader counts it.
 */
import { describeCommand } from '../multipaxos/record';
import { emit, savePromise, saveSlot, send, type Step } from './context';
import { learnCommit, reportAbove } from './log';
import { roomFor } from './snapshot';
import { giveUp } from './steal';
import type { AcceptMessage, ObjectState, PrepareMessage } from './types';

/** Raises the promise to `ballot`; a leader of a lower ballot has lost the object. */
function promiseBallot(step: Step, object: ObjectState, ballot: number): void {
  if (ballot > object.promised) savePromise(step, object, ballot);
  if (object.lead && object.lead.ballot < ballot) giveUp(step, object, ballot);
  if (ballot >= object.leaderBallot) {
    object.leaderBallot = ballot;
    object.leaderHeardAtMs = step.state.nowMs;
  }
}

export function onPrepare(step: Step, object: ObjectState, message: PrepareMessage): void {
  if (!object.relearned) return;
  const { ballotNumber: ballot, from } = message;
  const { logBase } = object;
  if (ballot < object.promised) {
    const promised = object.promised;
    emit(step, { type: 'refused', key: object.key, what: 'prepare', ballot, slot: 0, promised, peer: from });
    send(step, object, from, {
      type: 'promise',
      ballotNumber: ballot,
      ok: false,
      promised,
      entries: [],
      logBase,
    });
    return;
  }
  promiseBallot(step, object, ballot); // equal: the thief lost our promise, so it is sent again
  const entries = reportAbove(object, message.commitPoint);
  emit(step, { type: 'promise', key: object.key, ballot, peer: from, entries: entries.length });
  send(step, object, from, {
    type: 'promise',
    ballotNumber: ballot,
    ok: true,
    promised: object.promised,
    entries,
    logBase,
  });
}

export function onAccept(step: Step, object: ObjectState, message: AcceptMessage): void {
  if (!object.relearned) return;
  const { ballotNumber: ballot, slot, command, from } = message;
  if (ballot < object.promised) {
    const { promised } = object;
    emit(step, { type: 'refused', key: object.key, what: 'accept', ballot, slot, promised, peer: from });
    send(step, object, from, {
      type: 'accepted',
      ballotNumber: ballot,
      slot,
      ok: false,
      promised: object.promised,
    });
    return;
  }
  promiseBallot(step, object, ballot);
  if (!roomFor(step, object, slot)) {
    // Applied and dropped here already, or too far ahead of this node: it catches up instead.
    learnCommit(step, object, message.commitPoint, from);
    return;
  }
  const existing = object.log[slot];
  if (existing?.chosen && existing.command.tag !== command.tag) {
    // A late accept from a deposed leader at a slot since chosen otherwise: saying yes would be a lie.
    return;
  }
  if (!existing?.chosen) {
    saveSlot(step, object, { slot, ballot, command, chosen: false }, true);
    const summary = describeCommand(command);
    emit(step, {
      type: 'slotAccepted',
      key: object.key,
      slot,
      ballot,
      tag: command.tag,
      command: summary,
      own: false,
      peer: from,
      members: [],
    });
  }
  send(step, object, from, {
    type: 'accepted',
    ballotNumber: ballot,
    slot,
    ok: true,
    promised: object.promised,
  });
  learnCommit(step, object, message.commitPoint, from);
}
