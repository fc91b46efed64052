/**
 * A node restarted on a wiped disk lost its promises and accepts. In a zone of two, a zone majority is
 * both nodes, so every Q1 or Q2 that counted this node counted its zone partner too: whatever this node
 * promised or accepted that mattered, its partner holds as well. So the node relearns each object from
 * its partner alone, on first use: until the partner reports its promise for the object, the node neither
 * promises nor accepts for it; then it promises at least what the partner promised (written, synced) and
 * votes again. Objects are relearned one by one, so the node stays a learner on disk: a crash before an
 * object is relearned only means relearning it again, and an object with a promise record written after
 * the wipe is relearned already.
 */
import { timersOf } from '../multipaxos/timing';
import { emit, groupOf, savePromise, send, type Step } from './context';
import { zonePartner } from './grid';
import type { CatchUpReplyMessage, ObjectState } from './types';

/** Asks the zone partner for the object's promise and chosen slots, at most once per resend interval. */
export function relearnTick(step: Step, object: ObjectState): void {
  const { state } = step;
  if (object.relearned || state.nowMs < object.relearnAtMs) return;
  const partner = zonePartner(groupOf(state, object), state.config.self);
  if (object.relearnAtMs < 0) {
    const reason = `it lost its disk, so it asks ${partner}, its zone partner, what it promised for ${object.key} before voting on it`;
    emit(step, { type: 'learnerOnly', key: object.key, on: true, reason });
  }
  object.relearnAtMs = state.nowMs + timersOf(state.config).resendMs;
  send(step, object, partner, { type: 'catchUp', fromSlot: object.commitPoint + 1 });
}

export function finishRelearning(step: Step, object: ObjectState, message: CatchUpReplyMessage): void {
  const partner = zonePartner(groupOf(step.state, object), step.state.config.self);
  if (message.from !== partner) return;
  savePromise(step, object, Math.max(object.promised, message.promised));
  object.relearned = true;
  const reason = `${partner} promised ballot ${message.promised}, so it promises that much too and votes on ${object.key} again`;
  emit(step, { type: 'learnerOnly', key: object.key, on: false, reason });
}
