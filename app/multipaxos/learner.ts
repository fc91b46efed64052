/**
 * Learner-only mode, for a node restarted on a wiped disk. It lost its promise and its accepted slots,
 * so it may neither promise nor accept until it knows at least what a majority knows: it asks every
 * other member for its commit point and promise, and once majority - 1 of them answered (with itself,
 * a majority) it fixes the highest commit point among them as its target. Having applied up to the
 * target, it promises the highest view any of them promised (so it never accepts in a view older than
 * one its earlier life may have promised) and votes again. When every group has relearned, the node's
 * durable learner flag is cleared, synced, in the same Ready as those promises.
 */
import { emit, majority, othersOf, savePromise, send, type Step } from './context';
import { timersOf } from './timing';
import type { CatchUpReplyMessage, GroupState, LearnerState } from './types';

export function freshLearner(nowMs: number): LearnerState {
  return { reports: {}, target: null, askAtMs: nowMs };
}

/** Asks the members that have not answered yet, and keeps catching up toward the target. */
export function learnerTick(step: Step, group: GroupState): void {
  const learner = group.learner!;
  const { nowMs } = step.state;
  if (nowMs < learner.askAtMs) return;
  learner.askAtMs = nowMs + timersOf(step.state.config).resendMs;
  const fromSlot = group.commitPoint + 1;
  for (const to of othersOf(step, group)) {
    const report = learner.reports[to];
    const useful = !report || (learner.target !== null && report.commitPoint > group.commitPoint);
    if (useful) send(step, group, to, { type: 'catchUp', fromSlot });
  }
}

export function noteReport(step: Step, group: GroupState, message: CatchUpReplyMessage): void {
  const learner = group.learner!;
  const { commitPoint, promised } = message;
  learner.reports[message.from] = { commitPoint, promised };
  const reports = Object.values(learner.reports);
  if (learner.target === null && reports.length >= majority(group) - 1) {
    learner.target = Math.max(...reports.map((report) => report.commitPoint));
    const reason = `relearning up to slot ${learner.target}, the commit point of a majority`;
    emit(step, { type: 'learnerOnly', group: group.id, on: true, reason });
  }
}

/** Votes again once the target is applied; clears the node's flag when no group is still learning. */
export function maybeFinishLearning(step: Step, group: GroupState): void {
  const learner = group.learner;
  if (!learner || learner.target === null || group.commitPoint < learner.target) return;
  const { state } = step;
  const floor = Math.max(...Object.values(learner.reports).map((report) => report.promised));
  if (floor > group.promised) savePromise(step, group, floor);
  group.learner = null;
  group.view = Math.max(group.promised, 0);
  group.status = 'normal';
  group.statusSinceMs = state.nowMs;
  group.leaderHeardAtMs = state.nowMs;
  group.progressAtMs = state.nowMs;
  const reason = `relearned up to slot ${group.commitPoint}; promising view ${group.promised} and up`;
  emit(step, { type: 'learnerOnly', group: group.id, on: false, reason });
  if (state.learnerFlagOnDisk && Object.values(state.groups).every((other) => other.learner === null)) {
    state.learnerFlagOnDisk = false;
    step.ready.meta = { learnerOnly: false };
    emit(step, { type: 'learnerOnly', group: null, on: false, reason: 'every group relearned' });
  }
}
