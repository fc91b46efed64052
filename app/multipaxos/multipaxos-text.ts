/**
 * Multi-Paxos's facts as trace text, in the style of PaxosKV's and QuorumKV's: one stable line per
 * message, record and event, for example `accept g0 v1 #5 put k1 r7="x" [n0/0/5] cp4`.
 */
import { describeBytes } from '../util/byte-text';
import type { Command, MultiPaxosEvent, MultiPaxosMessage, MultiPaxosRecord, SlotEntry } from './types';

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

function formatSlots(entries: readonly SlotEntry[]): string {
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
