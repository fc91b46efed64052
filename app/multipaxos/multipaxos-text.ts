/**
 * Multi-Paxos's facts as trace text, in the style of PaxosKV's and QuorumKV's: one stable line per
 * message, record and event, for example `accept g0 v1 #5 put k1 r7="x" [n0/0/5] cp4`; and each event
 * as a caption, a plain-language line for a class.
 */
import { describeBytes } from '../util/byte-text';
import type { NodeId } from '../paxos/types';
import type {
  Command,
  MultiPaxosEvent,
  MultiPaxosMessage,
  MultiPaxosRecord,
  SlotEntry,
  ViewChangeReason,
} from './types';
import { inputRejectedCaption, repliedCaption } from '../model/common-captions';

/** A command as `put k1 r7="x" [n0/0/5]`, `get k1 r8 [...]` or `noop [n1/1/3]`. */
export function formatCommand(command: Command): string {
  if (command.kind === 'noop') return `noop [${command.tag}]`;
  const { operation, requestId, tag } = command;
  switch (operation.kind) {
    case 'get':
    case 'delete':
      return `${operation.kind} ${operation.key} ${requestId} [${tag}]`;
    case 'put':
      return `put ${operation.key} ${requestId}=${describeBytes(operation.value)} [${tag}]`;
    case 'cas':
      return `cas@${operation.expectedVersion} ${operation.key} ${requestId}=${describeBytes(operation.value)} [${tag}]`;
  }
}

/** A slot as `#5 v1 put k1 r7="x" [n0/0/5] chosen`. */
export function formatSlot(entry: SlotEntry): string {
  return `#${entry.slot} v${entry.view} ${formatCommand(entry.command)} ${entry.chosen ? 'chosen' : 'accepted'}`;
}

/** A run of slots as `#3..#7 (5)`, or `none`; any protocol's log entries read this way. */
export function formatSlots(entries: readonly { slot: number }[]): string {
  if (entries.length === 0) return 'none';
  return `#${entries[0]!.slot}..#${entries[entries.length - 1]!.slot} (${entries.length})`;
}

/** A message without its endpoints: type, group, view and what it carries. */
export function formatMultiPaxosMessage(message: MultiPaxosMessage): string {
  const at = `${message.type} ${message.group}`;
  switch (message.type) {
    case 'viewChange':
      return `${at} v${message.view}`;
    case 'prepare':
    case 'commit':
      return `${at} v${message.view} cp${message.commitPoint}`;
    case 'promise':
      return `${at} v${message.view} ${message.ok ? 'ok' : 'no'} p${message.promised} cp${message.commitPoint} slots ${formatSlots(message.entries)}`;
    case 'accept':
      return `${at} v${message.view} #${message.slot} ${formatCommand(message.command)} cp${message.commitPoint}`;
    case 'accepted':
      return `${at} v${message.view} #${message.slot} ${message.ok ? 'ok' : 'no'} p${message.promised}`;
    case 'commitAck':
      return `${at} v${message.view} ${message.ok ? 'ok' : 'no'} in v${message.currentView} cp${message.commitPoint}`;
    case 'forward':
      return `${at} ${formatCommand({ ...message.command, tag: message.command.attempt })} ${message.remainingMs}ms left`;
    case 'catchUp':
      return `${at} from #${message.fromSlot}`;
    case 'catchUpReply':
      return `${at} ${formatSlots(message.entries)} cp${message.commitPoint} p${message.promised}`;
  }
}

export function formatMultiPaxosRecord(record: MultiPaxosRecord): string {
  if (record.kind === 'promise') return `${record.group} promised v${record.view}`;
  return `${record.group} ${formatSlot(record)}`;
}

/** An event as it reads after the node's name; null for the replies, which the trace shows itself. */
export function formatMultiPaxosEvent(event: MultiPaxosEvent): string | null {
  switch (event.type) {
    case 'viewChange':
      return `view ${event.group} v${event.view} (${event.reason})`;
    case 'leaderElected':
      return `leads ${event.group} v${event.view}, ${event.openSlots} open slots reconciled`;
    case 'prepare':
      return `prepare ${event.group} v${event.view} above #${event.commitPoint}`;
    case 'promise':
      return `promised ${event.group} v${event.view} to ${event.peer} (${event.entries} slots)`;
    case 'slotAccepted':
      return `accepted ${event.group} #${event.slot} v${event.view} ${event.command} [${event.tag}]`;
    case 'slotChosen':
      return `chosen ${event.group} #${event.slot} v${event.view} ${event.command} [${event.tag}]`;
    case 'slotApplied':
      return `applied ${event.group} #${event.slot} ${event.result}${event.key === null ? '' : ` ${event.key} v${event.version}`}`;
    case 'noopFilled':
      return `noop ${event.group} #${event.slot} v${event.view}`;
    case 'forwarded':
      return `forwarded ${event.requestId} to ${event.peer} (v${event.view})`;
    case 'catchUp':
      return `caught up ${event.group} #${event.fromSlot}..#${event.toSlot} from ${event.peer}`;
    case 'learnerOnly':
      return `learnerOnly ${event.on ? 'on' : 'off'}${event.group === null ? '' : ` ${event.group}`}: ${event.reason}`;
    case 'replied':
      return null;
    case 'inputRejected':
      return `inputRejected ${event.field}${event.peer ? ` from ${event.peer}` : ''}: ${event.reason}`;
  }
}

/** A command as a caption names it: "put k1 (r7)" in quotes, or "a no-op". */
function commandWords(command: string): string {
  return command === 'noop' ? 'a no-op' : `“${command}”`;
}

const viewChangeWhy: Record<ViewChangeReason, string> = {
  leaderSilent: 'it has not heard from the leader in time, so the next member in turn should lead',
  noProgress: 'requests waiting here made no progress, so it suspects the leader',
  electionStalled: 'the view change it joined did not finish, so it tries the next view',
  quorumLost: 'it led without a majority answering, so it gives the view up',
  joined: 'other members asked for this view, and it joins them',
  restarted: 'it restarted, and a member never leads again a view it may have led before a crash',
  superseded: 'as leader it heard of a higher view, so its own view is over and it follows',
};

function appliedCaption(self: NodeId, event: Extract<MultiPaxosEvent, { type: 'slotApplied' }>): string {
  const at = `${self} applies slot ${event.slot} in log order`;
  const key = event.key ?? 'the key';
  switch (event.result) {
    case 'noop':
      return `${at}: a no-op, which changes nothing and lets the later slots apply.`;
    case 'written':
      return `${at}: ${key} is now at version ${event.version}, on every member that applies this slot.`;
    case 'read':
      return `${at}: a read of ${key} (version ${event.version}) takes a slot like a write, so it cannot miss a write chosen before it.`;
    case 'dedup':
      return `${at}: request ${event.requestId ?? '?'} was already applied, so it changes nothing again (dedup).`;
    case 'conflict':
      return `${at}: the compare-and-set finds ${key} at another version (${event.version}), so nothing is written.`;
    case 'indeterminate':
      return `${at}: request ${event.requestId ?? '?'} is too old to tell whether an earlier attempt applied, so it writes nothing and says so.`;
  }
}

/**
 * An event as one plain-language line naming the rule at work, e.g. "n2 is the leader of view 3, so it
 * puts “put k1 (r7)” in slot 7 and asks for accepts: phase 2 only."
 */
export function captionMultiPaxosEvent(event: MultiPaxosEvent, self: NodeId): string {
  switch (event.type) {
    case 'viewChange':
      return `${self} moves ${event.group} to view ${event.view}: ${viewChangeWhy[event.reason]} (round-robin view change).`;
    case 'leaderElected':
      return `${self} has promises from a majority for view ${event.view}, so it leads ${event.group}: it reconciled ${event.openSlots} open slot${event.openSlots === 1 ? '' : 's'} (what a majority may have accepted, no-ops in the gaps) and runs phase 2 only from now on.`;
    case 'prepare':
      return `${self} runs phase 1 for view ${event.view} of ${event.group}: every member should promise the view and report what it accepted above slot ${event.commitPoint}. Phase 1 runs once per view, not once per write.`;
    case 'promise':
      return `${self} promises view ${event.view} of ${event.group} to ${event.peer} and reports ${event.entries} accepted slot${event.entries === 1 ? '' : 's'}: it refuses every lower view from now on.`;
    case 'slotAccepted':
      if (event.tag === `${self}/${event.view}/${event.slot}`) {
        return `${self} is the leader of view ${event.view}, so it puts ${commandWords(event.command)} in slot ${event.slot} and asks for accepts: phase 2 only.`;
      }
      return `${self} accepts ${commandWords(event.command)} in slot ${event.slot} for view ${event.view}, on disk before it answers the leader.`;
    case 'slotChosen':
      return `${self} learns slot ${event.slot} (${commandWords(event.command)}) is chosen: a majority accepted it in view ${event.view}, so it can never change.`;
    case 'slotApplied':
      return appliedCaption(self, event);
    case 'noopFilled':
      return `${self}, the new leader of view ${event.view}, found no command accepted in slot ${event.slot}, so it fills the gap with a no-op: a slot applies only once every slot before it is chosen.`;
    case 'forwarded':
      return `${self} does not lead view ${event.view}, so it forwards request ${event.requestId} to ${event.peer}, the leader, who orders every write of ${event.group}.`;
    case 'catchUp':
      return `${self} was behind: it copies the chosen slots ${event.fromSlot}..${event.toSlot} from ${event.peer} and applies them in order.`;
    case 'learnerOnly':
      return event.on
        ? `${self} lost its disk: in ${event.group ?? 'its groups'} it neither promises nor accepts until it has relearned the log (${event.reason}).`
        : `${self} ${event.group === null ? 'has relearned every group and votes again' : `votes again in ${event.group}`} (${event.reason}).`;
    case 'replied':
      return repliedCaption(self, event);
    case 'inputRejected':
      return inputRejectedCaption(self, event);
  }
}
