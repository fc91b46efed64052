/**
 * The acceptor and follower side. An acceptor promises a view above its promise and accepts a command
 * in a view at or above it; both are written (synced) in the Ready that carries the reply. A node
 * relearning a wiped log does neither and stays silent, so no leader counts it.
 */
import { emit, saveSlot, savePromise, send, type Step } from './context';
import { learnCommit, reportAbove } from './log';
import { describeCommand } from './record';
import { becomeFollower, followsView } from './view-change';
import type { AcceptMessage, CommitMessage, GroupState, PrepareMessage } from './types';

/** Raises the promise to `view`; a leader of an older view stops leading. */
function promiseView(step: Step, group: GroupState, view: number): void {
  if (view <= group.promised) return;
  savePromise(step, group, view);
  if (group.leader && group.leader.view < view) group.leader = null;
}

export function onPrepare(step: Step, group: GroupState, message: PrepareMessage): void {
  if (group.learner) return;
  const { view, from } = message;
  const { commitPoint } = group;
  if (view < group.promised) {
    const promised = group.promised;
    send(step, group, from, { type: 'promise', view, ok: false, promised, commitPoint, entries: [] });
    return;
  }
  promiseView(step, group, view); // equal: the leader lost our promise, so it is sent again
  if (followsView(group, view)) becomeFollower(step, group, view);
  const entries = reportAbove(group, message.commitPoint);
  emit(step, { type: 'promise', group: group.id, view, peer: from, entries: entries.length });
  send(step, group, from, {
    type: 'promise',
    view,
    ok: true,
    promised: group.promised,
    commitPoint,
    entries,
  });
}

export function onAccept(step: Step, group: GroupState, message: AcceptMessage): void {
  if (group.learner) return;
  const { view, slot, command, from } = message;
  if (view < group.promised) {
    send(step, group, from, { type: 'accepted', view, slot, ok: false, promised: group.promised });
    return;
  }
  promiseView(step, group, view);
  if (followsView(group, view)) becomeFollower(step, group, view);
  const existing = group.log[slot];
  if (existing?.chosen && existing.command.tag !== command.tag) {
    // A late accept from an older view at a slot since chosen otherwise: saying yes would be a lie.
    learnCommit(step, group, view, message.commitPoint, from);
    return;
  }
  if (!existing?.chosen) {
    saveSlot(step, group, { slot, view, command, chosen: false }, true);
    const summary = describeCommand(command);
    emit(step, { type: 'slotAccepted', group: group.id, slot, view, tag: command.tag, command: summary });
  }
  send(step, group, from, { type: 'accepted', view, slot, ok: true, promised: group.promised });
  learnCommit(step, group, view, message.commitPoint, from);
}

/** The leader's heartbeat: follow its view when allowed, and learn its commit point either way. */
export function onCommit(step: Step, group: GroupState, message: CommitMessage): void {
  const { view, from, commitPoint } = message;
  if (!group.learner) {
    const ok = followsView(group, view);
    if (ok) becomeFollower(step, group, view);
    const currentView = Math.max(group.promised, group.view);
    send(step, group, from, { type: 'commitAck', view, ok, currentView, commitPoint: group.commitPoint });
  }
  // A commit point is a fact whoever sends it, so even a stale leader's or a learner's copy is used.
  learnCommit(step, group, view, commitPoint, from);
}
