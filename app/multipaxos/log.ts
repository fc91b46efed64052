/**
 * The slot log as a learner sees it: which slots are chosen, the commit point, applying chosen slots in
 * order, and catching up slots this node missed. A commit point from the leader of view v proves every
 * slot up to it chosen, and an entry accepted in view v or later at such a slot holds the chosen
 * command (Paxos: every proposal above the view a command was chosen in carries that command); older
 * entries may hold a command that lost, so those slots are fetched from a peer instead.
 */
import { assert } from '../util/assert';
import { emit, saveSlot, send, type Step } from './context';
import { settleRequest } from './clients';
import { maybeFinishLearning, noteReport } from './learner';
import { describeCommand } from './record';
import { applyCommand, versionAfter } from './state-machine';
import { catchUpBatchMax, timersOf } from './timing';
import type { CatchUpMessage, CatchUpReplyMessage, GroupState, SlotEntry } from './types';

/** Every entry above `slot`, lowest slot first. */
export function reportAbove(group: GroupState, slot: number): SlotEntry[] {
  const entries: SlotEntry[] = [];
  for (let at = slot + 1; at <= group.maxSlot; at++) {
    const entry = group.log[at];
    if (entry) entries.push(entry);
  }
  return entries;
}

/** Records that `entry` is chosen at its slot (lazily written: a majority holds it durably). */
export function markChosen(step: Step, group: GroupState, entry: SlotEntry): void {
  const existing = group.log[entry.slot];
  if (existing?.chosen) {
    // Two commands chosen at one slot would be a broken protocol, never bad input: stop here.
    assert(existing.command.tag === entry.command.tag, () => {
      return `slot ${entry.slot} chosen as ${existing.command.tag} and as ${entry.command.tag}`;
    });
    return;
  }
  const same = existing && existing.command.tag === entry.command.tag;
  const view = same ? Math.max(existing.view, entry.view) : entry.view;
  saveSlot(step, group, { ...entry, view, chosen: true }, false);
  const { slot, command } = entry;
  const summary = describeCommand(command);
  emit(step, { type: 'slotChosen', group: group.id, slot, view, tag: command.tag, command: summary });
}

/** Applies every chosen slot right above the commit point, in order, and answers waiting clients. */
export function advanceCommit(step: Step, group: GroupState): void {
  const { state } = step;
  const before = group.commitPoint;
  for (let next = group.log[group.commitPoint + 1]; next?.chosen; next = group.log[group.commitPoint + 1]) {
    group.commitPoint = next.slot;
    const result = applyCommand(group.kv, next.command, next.slot, state.config.dedupWindow);
    const { command } = next;
    const client = command.kind === 'client' ? command : null;
    emit(step, {
      type: 'slotApplied',
      group: group.id,
      slot: next.slot,
      tag: command.tag,
      key: client?.operation.key ?? null,
      requestId: client?.requestId ?? null,
      result: result.kind,
      version: versionAfter(result),
    });
    if (client) {
      if (group.leader) delete group.leader.proposedAttempts[client.attempt];
      settleRequest(step, client, next.slot, result);
    }
  }
  if (group.commitPoint > before) group.progressAtMs = state.nowMs;
}

/** Learns from a commit point of the leader of `view`; fetches what cannot be learned locally. */
export function learnCommit(
  step: Step,
  group: GroupState,
  view: number,
  commitPoint: number,
  from: string,
): void {
  if (commitPoint <= group.commitPoint) return;
  for (let slot = group.commitPoint + 1; slot <= commitPoint; slot++) {
    const entry = group.log[slot];
    if (!entry || (!entry.chosen && entry.view < view)) break;
    if (!entry.chosen) markChosen(step, group, entry);
  }
  advanceCommit(step, group);
  if (group.commitPoint < commitPoint) requestCatchUp(step, group, from, false);
}

/** Asks `from` for the chosen slots after the commit point; at most one request per resend interval. */
export function requestCatchUp(step: Step, group: GroupState, from: string, now: boolean): void {
  const { nowMs } = step.state;
  if (!now && nowMs < group.catchUpAtMs) return;
  group.catchUpAtMs = nowMs + timersOf(step.state.config).resendMs;
  send(step, group, from, { type: 'catchUp', fromSlot: group.commitPoint + 1 });
}

export function onCatchUp(step: Step, group: GroupState, message: CatchUpMessage): void {
  const entries: SlotEntry[] = [];
  const last = message.fromSlot + catchUpBatchMax - 1;
  for (let slot = message.fromSlot; slot <= last && group.log[slot]?.chosen; slot++) {
    entries.push(group.log[slot]!);
  }
  const { commitPoint, promised } = group;
  send(step, group, message.from, { type: 'catchUpReply', entries, commitPoint, promised });
}

export function onCatchUpReply(step: Step, group: GroupState, message: CatchUpReplyMessage): void {
  const before = group.commitPoint;
  for (const entry of message.entries) {
    if (entry.slot > group.commitPoint) markChosen(step, group, { ...entry, chosen: true });
  }
  advanceCommit(step, group);
  if (group.commitPoint > before) {
    const event = {
      type: 'catchUp',
      group: group.id,
      fromSlot: before + 1,
      toSlot: group.commitPoint,
    } as const;
    emit(step, { ...event, peer: message.from });
  }
  if (group.learner) noteReport(step, group, message);
  if (group.commitPoint < message.commitPoint && group.commitPoint > before) {
    requestCatchUp(step, group, message.from, true);
  }
  if (group.learner) maybeFinishLearning(step, group);
}
