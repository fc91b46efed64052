/**
 * WPaxos's facts as trace text, in the style of the other protocols (`accept k1 b13 #5 put k1 r7="x"
 * [n1/13/5] cp4`), and each event as a caption: a plain-language line naming the rule at work.
 */
import { formatCommand, formatSlots } from '../multipaxos/multipaxos-text';
import type { NodeId } from '../paxos/types';
import { zoneFailuresMax, zoneList } from './grid';
import { localityWindow } from './policy';
import type { StealReason, WPaxosEvent, WPaxosMessage, WPaxosRecord, SlotEntry } from './types';
import { inputRejectedCaption, repliedCaption } from '../model/common-captions';

/** A slot as `#5 b13 put k1 r7="x" [n1/13/5] chosen`. */
export function formatSlot(entry: SlotEntry): string {
  return `#${entry.slot} b${entry.ballot} ${formatCommand(entry.command)} ${entry.chosen ? 'chosen' : 'accepted'}`;
}

export function formatWPaxosMessage(message: WPaxosMessage): string {
  const at = `${message.type} ${message.key}`;
  switch (message.type) {
    case 'prepare':
      return `${at} b${message.ballotNumber} cp${message.commitPoint}`;
    case 'promise':
      return `${at} b${message.ballotNumber} ${message.ok ? 'ok' : 'no'} p${message.promised} slots ${formatSlots(message.entries)}${message.logBase > 0 ? ` base${message.logBase}` : ''}`;
    case 'accept':
      return `${at} b${message.ballotNumber} #${message.slot} ${formatCommand(message.command)} cp${message.commitPoint}`;
    case 'accepted':
      return `${at} b${message.ballotNumber} #${message.slot} ${message.ok ? 'ok' : 'no'} p${message.promised}`;
    case 'commit':
      return `${at} b${message.ballotNumber} ${formatSlots(message.entries)} cp${message.commitPoint}`;
    case 'forward':
      return `${at} ${formatCommand({ ...message.command, tag: message.command.attempt })} ${message.remainingMs}ms left cp${message.commitPoint}`;
    case 'catchUp':
      return `${at} from #${message.fromSlot}`;
    case 'catchUpReply':
      return `${at}${message.snapshot ? ` snapshot@${message.snapshot.slot} v${message.snapshot.entry.version}` : ''} ${formatSlots(message.entries)} cp${message.commitPoint} p${message.promised}`;
  }
}

export function formatWPaxosRecord(record: WPaxosRecord): string {
  if (record.kind === 'promise') return `${record.object} promised b${record.ballot}`;
  if (record.kind === 'snapshot') return `${record.object} snapshot@${record.slot} v${record.entry.version}`;
  return `${record.object} ${formatSlot(record)}`;
}

/** An event as it reads after the node's name; null for the replies, which the trace shows itself. */
export function formatWPaxosEvent(event: WPaxosEvent): string | null {
  switch (event.type) {
    case 'steal':
      return event.reason === 'locality'
        ? `steal ${event.key} b${event.ballot} (locality: zone ${event.zone + 1} had ${event.share}/${event.window})`
        : `steal ${event.key} b${event.ballot} (${event.reason})`;
    case 'stole':
      return `leads ${event.key} b${event.ballot} from zone ${event.zone + 1}, Q1 ${zoneList(event.promisedZones)}, ${event.openSlots} open slots reconciled`;
    case 'stealLost':
      return event.by === event.ballot
        ? `steal of ${event.key} b${event.ballot} found no Q1 in time`
        : `lost ${event.key} b${event.ballot} to b${event.by} (${event.leader})`;
    case 'promise':
      return `promised ${event.key} b${event.ballot} to ${event.peer} (${event.entries} slot${event.entries === 1 ? '' : 's'})`;
    case 'refused':
      return `refused ${event.what} ${event.key}${event.what === 'accept' ? ` #${event.slot}` : ''} b${event.ballot} from ${event.peer}: promised b${event.promised}`;
    case 'slotAccepted':
      return `accepted ${event.key} #${event.slot} b${event.ballot} ${event.command} [${event.tag}]`;
    case 'slotChosen':
      return `chosen ${event.key} #${event.slot} b${event.ballot} ${event.command} [${event.tag}]${event.q2Zones.length ? ` Q2 ${zoneList(event.q2Zones)}` : ''}`;
    case 'slotApplied':
      return `applied ${event.key} #${event.slot} ${event.result} v${event.version}`;
    case 'noopFilled':
      return `noop ${event.key} #${event.slot} b${event.ballot}`;
    case 'forwarded':
      return `forwarded ${event.requestId} to ${event.peer} (b${event.ballot})`;
    case 'catchUp':
      return `caught up ${event.key} #${event.fromSlot}..#${event.toSlot} from ${event.peer}`;
    case 'snapshotTaken':
      return `snapshot ${event.key} @${event.slot} v${event.version}${event.dropped > 0 ? `, slots to #${event.dropped} dropped` : ''}`;
    case 'snapshotInstalled':
      return `installed ${event.peer}'s snapshot of ${event.key} @${event.slot} v${event.version} (was at #${event.fromSlot - 1})`;
    case 'learnerOnly':
      return `learnerOnly ${event.on ? 'on' : 'off'}${event.key === undefined ? '' : ` ${event.key}`}: ${event.reason}`;
    case 'replied':
      return null;
    case 'inputRejected':
      return `inputRejected ${event.field}${event.peer ? ` from ${event.peer}` : ''}: ${event.reason}`;
  }
}

function stealWhy(event: Extract<WPaxosEvent, { type: 'steal' }>, self: NodeId): string {
  const why: Record<StealReason, string> = {
    noLeader: `nobody leads ${event.key} yet (or only ${self} did, before a restart)`,
    leaderSilent: `${event.key}'s leader has not answered in time`,
    locality: `its zone (zone ${event.zone + 1}) has had ${event.share} of ${event.key}'s last ${event.window} requests, more than half of the ${localityWindow} the policy counts`,
  };
  return why[event.reason];
}

function q1Words(zones: number): string {
  const f = 3 - zones;
  return `Q1 = majorities of ${zones} of the 3 zones (F = ${f}, at most ${zoneFailuresMax})`;
}

/**
 * An event as one plain-language line, e.g. "n4 in zone 2 has had 7 of k1's last 10 requests, so it
 * steals k1: phase 1 with ballot 19 over Q1 = majorities of 3 of the 3 zones (F = 0)."
 */
export function captionWPaxosEvent(event: WPaxosEvent, self: NodeId): string {
  switch (event.type) {
    case 'steal':
      return `${self} in zone ${event.zone + 1}: ${stealWhy(event, self)}, so it steals ${event.key} — phase 1 with ballot ${event.ballot}, above any it has seen, over ${q1Words(event.q1Zones)}.`;
    case 'stole':
      return `${self} has promises from ${zoneList(event.promisedZones)} (a Q1), so it leads ${event.key} from zone ${event.zone + 1}: it reconciled ${event.openSlots} open slot${event.openSlots === 1 ? '' : 's'} and runs phase 2 inside its Q2 from now on.`;
    case 'stealLost':
      return event.by === event.ballot
        ? `${self} got no Q1 for ${event.key} in time (ballot ${event.ballot}), so it gives the steal up and will try again later.`
        : `${self} meets ballot ${event.by} of ${event.leader} for ${event.key}, higher than its own ${event.ballot}: the higher ballot wins, so ${self} stops leading and forwards to ${event.leader}.`;
    case 'promise':
      return `${self} promises ballot ${event.ballot} of ${event.key} to ${event.peer} and reports ${event.entries} accepted slot${event.entries === 1 ? '' : 's'}: it refuses every lower ballot from now on.`;
    case 'refused':
      return event.what === 'prepare'
        ? `${self} refuses ${event.peer}'s phase 1 for ${event.key} (ballot ${event.ballot}): it promised ballot ${event.promised}, which is higher, so ${event.peer} cannot count it in a Q1.`
        : `${self} refuses ${event.peer}'s accept of slot ${event.slot} of ${event.key} (ballot ${event.ballot}): it promised ballot ${event.promised}, which is higher, so ${event.peer} cannot count it in a Q2.`;
    case 'slotAccepted':
      return event.own
        ? `${self} leads ${event.key}, so it puts “${event.command}” in slot ${event.slot} and asks for accepts: phase 2 only.`
        : `${self} accepts “${event.command}” in slot ${event.slot} of ${event.key} for ballot ${event.ballot}, on disk before it answers.`;
    case 'slotChosen':
      return event.q2Zones.length > 0
        ? `${self} has accepts for slot ${event.slot} of ${event.key} from majorities of ${zoneList(event.q2Zones)} — a Q2 — so “${event.command}” is chosen without waiting for the other zones.`
        : `${self} learns slot ${event.slot} of ${event.key} (“${event.command}”) is chosen.`;
    case 'slotApplied':
      return `${self} applies slot ${event.slot} of ${event.key} in log order: ${event.result}${event.result === 'noop' ? '' : `, version ${event.version}`}.`;
    case 'noopFilled':
      return `${self}, the new leader of ${event.key}, found nothing accepted in slot ${event.slot}, so it fills the gap with a no-op.`;
    case 'forwarded':
      return `${self} does not lead ${event.key}, and its zone has not asked for it most, so it forwards ${event.requestId} to ${event.peer}, the leader.`;
    case 'snapshotTaken':
      return event.dropped > 0
        ? `${self} keeps ${event.key}'s state after slot ${event.slot} (version ${event.version}) as a snapshot and drops its slots up to ${event.dropped} from memory and disk: they are applied, so chosen for good, and a member that is behind gets the snapshot instead.`
        : `${self} keeps ${event.key}'s state after slot ${event.slot} (version ${event.version}) as a snapshot: from the next one on, the slots under the previous snapshot leave memory and disk.`;
    case 'snapshotInstalled':
      return `${self} was at slot ${event.fromSlot - 1} of ${event.key}, but ${event.peer} had dropped those slots: ${self} takes ${event.peer}'s snapshot after slot ${event.slot} (version ${event.version}) as if it had applied them all.`;
    case 'catchUp':
      return `${self} was behind on ${event.key}: it copies the chosen slots ${event.fromSlot}..${event.toSlot} from ${event.peer} and applies them in order.`;
    case 'learnerOnly':
      return `${self}: ${event.reason}.`;
    case 'replied':
      return repliedCaption(self, event);
    case 'inputRejected':
      return inputRejectedCaption(self, event);
  }
}
