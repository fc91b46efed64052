/**
 * A node restarted on a wiped disk lost its promises and accepts. In a zone of two, a zone majority is
 * both nodes, so every Q1 or Q2 that counted this node counted its zone partner too: whatever this node
 * promised or accepted that mattered, its partner holds as well. With F = 0 a Q1 is every member, so any
 * member that kept its disk promised at least as much as this node could have. So the node relearns
 * each object on first use, from its partner (or, with F = 0, from whichever member answers first):
 * until then it neither promises nor accepts for the object; then it promises at least what that member
 * promised (written, synced) and votes again. Objects are relearned one by one, so the node stays a
 * learner on disk: a crash before an object is relearned only means relearning it again, and an object
 * with a promise record written after the wipe is relearned already.
 */
import { timersOf } from '../multipaxos/timing';
import type { NodeId } from '../paxos/types';
import { emit, groupOf, savePromise, send, type Step } from './context';
import { zonePartner } from './grid';
import type { CatchUpReplyMessage, ObjectState } from './types';

/** Asks the zone partner for the object's promise and chosen slots, at most once per resend interval. */
export function relearnTick(step: Step, object: ObjectState): void {
  const { state } = step;
  if (object.relearned || state.nowMs < object.relearnAtMs) return;
  const partner = zonePartner(groupOf(state, object), state.config.self);
  if (object.relearnAtMs < 0) {
    const whom =
      state.zoneFailures === 0
        ? 'the other members (with F = 0 every Q1 holds them all)'
        : `${partner}, its zone partner`;
    const reason = `it lost its disk, so it asks ${whom} what they promised for ${object.key} before voting on it`;
    emit(step, { type: 'learnerOnly', key: object.key, on: true, reason });
  }
  object.relearnAtMs = state.nowMs + timersOf(state.config).resendMs;
  for (const member of relearnSources(step, object)) {
    send(step, object, member, { type: 'catchUp', fromSlot: object.commitPoint + 1 });
  }
}

/** Who may tell this node what it could have promised for the object: its partner, or anyone when F = 0. */
function relearnSources(step: Step, object: ObjectState): NodeId[] {
  const group = groupOf(step.state, object);
  const { self } = step.state.config;
  if (step.state.zoneFailures === 0) return group.members.filter((member) => member !== self);
  return [zonePartner(group, self)];
}

export function finishRelearning(step: Step, object: ObjectState, message: CatchUpReplyMessage): void {
  const source = message.from;
  if (!relearnSources(step, object).includes(source)) return;
  savePromise(step, object, Math.max(object.promised, message.promised));
  object.relearned = true;
  const reason = `${source} promised ballot ${message.promised}, so it promises that much too and votes on ${object.key} again`;
  emit(step, { type: 'learnerOnly', key: object.key, on: false, reason });
}
