/**
 * Views and who leads them. The leader of view v is members[v mod 6]. A node that suspects its leader
 * (silent past its timer, or pending work with no progress) moves to view + 1 and says so to everyone;
 * a node that suspects too, or sees a majority already asking, joins the highest view it hears of; the
 * view's leader starts phase 1 once a majority asked for its view. None of this is needed for safety,
 * which rests only on the acceptors' durable promises: the votes just keep one live leader at a time.
 */
import { nextInt } from '../util/prng';
import { broadcast, emit, leaderOf, majority, send, type Step } from './context';
import { startPhase1 } from './leader';
import { hasPendingFor, oldestPendingAtMs } from './pending';
import { timersOf } from './timing';
import type { GroupState, ViewChangeMessage, ViewChangeReason } from './types';

/** Why this node wants to leave its view now, or null while it has no reason to. */
export function suspicion(step: Step, group: GroupState): ViewChangeReason | null {
  const { state } = step;
  const timers = timersOf(state.config);
  const now = state.nowMs;
  if (group.learner || group.leader) return null;
  if (group.status === 'viewChange') {
    return now - group.statusSinceMs >= timers.suspectMs + group.jitterMs ? 'electionStalled' : null;
  }
  // This node leads the view by rotation: it starts phase 1 unless it promised the view in an earlier
  // life (it may have proposed in it then), and such a view is left at once.
  if (leaderOf(group, group.view) === state.config.self) {
    return group.promised >= group.view ? 'restarted' : null;
  }
  if (now - group.leaderHeardAtMs >= timers.suspectMs + group.jitterMs) return 'leaderSilent';
  if (hasPendingFor(state, group.id)) {
    const since = Math.max(group.progressAtMs, oldestPendingAtMs(state, group.id));
    if (now - since >= timers.progressMs) return 'noProgress';
  }
  return null;
}

/** Moves to `view` and asks every member to install it. */
export function startViewChange(step: Step, group: GroupState, view: number, reason: ViewChangeReason): void {
  const { state } = step;
  group.leader = null;
  group.view = view;
  group.status = 'viewChange';
  group.statusSinceMs = state.nowMs;
  group.jitterMs = nextInt(state.prng, 0, timersOf(state.config).jitterMsMax);
  group.voteResendAtMs = state.nowMs + timersOf(state.config).resendMs;
  pruneVotes(group);
  const votes = (group.votes[view] ??= []);
  if (!votes.includes(state.config.self)) votes.push(state.config.self);
  emit(step, { type: 'viewChange', group: group.id, view, reason });
  broadcast(step, group, { type: 'viewChange', view });
  maybeLead(step, group);
}

/** Follows `view` as installed: its leader was heard from (prepare, accept or heartbeat). */
export function becomeFollower(step: Step, group: GroupState, view: number): void {
  const now = step.state.nowMs;
  if (group.view !== view || group.status !== 'normal') {
    if (group.leader && group.leader.view !== view) group.leader = null;
    group.view = view;
    group.status = 'normal';
    group.statusSinceMs = now;
    group.progressAtMs = now;
    group.jitterMs = nextInt(step.state.prng, 0, timersOf(step.state.config).jitterMsMax);
    pruneVotes(group);
    // Waiting requests go to the new leader at once rather than at their next resend.
    for (const pending of Object.values(step.state.pending)) {
      if (pending.group === group.id) pending.forwardAtMs = now;
    }
  }
  group.leaderHeardAtMs = now;
}

/**
 * Whether a message from the leader of `view` makes this node follow that view: yes unless the node
 * already follows a newer installed view, or promised a higher one (then it may not take part in `view`).
 */
export function followsView(group: GroupState, view: number): boolean {
  if (view < group.promised) return false;
  return !(group.status === 'normal' && view < group.view);
}

export function onViewChange(step: Step, group: GroupState, message: ViewChangeMessage): void {
  if (group.learner) return; // a node relearning its log neither votes nor counts votes
  const { view, from } = message;
  if (view < group.view || (view === group.view && group.status === 'normal')) {
    // A lagging member: the leader answers with its commit point, which installs its view there.
    if (group.leader?.phase === 'serving') {
      const { commitPoint } = group;
      send(step, group, from, { type: 'commit', view: group.leader.view, commitPoint });
    }
    return;
  }
  const votes = (group.votes[view] ??= []);
  if (!votes.includes(from)) votes.push(from);
  if (view > group.view) {
    const join = group.status === 'viewChange' || suspicion(step, group) !== null;
    if (join || votes.length >= majority(group)) startViewChange(step, group, view, 'joined');
    return;
  }
  maybeLead(step, group);
}

/** Starts phase 1 when this node leads its view, may lead it, and a majority asked for it. */
export function maybeLead(step: Step, group: GroupState): void {
  const { self } = step.state.config;
  if (group.learner || group.leader || leaderOf(group, group.view) !== self) return;
  // Promised this view before (an earlier life may have proposed in it): never lead it twice.
  if (group.promised >= group.view) return;
  // View 0 needs no votes: every member starts in it.
  const asked = group.status === 'normal' || (group.votes[group.view]?.length ?? 0) >= majority(group);
  if (asked) startPhase1(step, group);
}

/** Resends this node's vote while its view change is open, and moves on when it stalls. */
export function viewTick(step: Step, group: GroupState): void {
  if (group.learner) return;
  const reason = suspicion(step, group);
  if (reason) {
    startViewChange(step, group, group.view + 1, reason);
    return;
  }
  if (group.status === 'viewChange' && step.state.nowMs >= group.voteResendAtMs) {
    group.voteResendAtMs = step.state.nowMs + timersOf(step.state.config).resendMs;
    broadcast(step, group, { type: 'viewChange', view: group.view });
  }
  maybeLead(step, group);
}

function pruneVotes(group: GroupState): void {
  for (const view of Object.keys(group.votes)) {
    if (Number(view) < group.view) delete group.votes[Number(view)];
  }
}
