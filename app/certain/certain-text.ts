/**
 * PaxosCertain's facts as trace text, in the style of the other protocols (one stable line per message,
 * row and event, for example `entryState k1#3 [p4 a4 put k1 (c2)] view [p4] max2`), and each event as a
 * plain-language caption naming the rule at work.
 */
import { describeBytes } from '../util/byte-text';
import { describeCommand } from '../multipaxos/record';
import type { NodeId } from '../paxos/types';
import { inputRejectedCaption } from '../model/common-captions';
import type { CertainEvent, CertainMessage, CertainRecord, EntryHeader, EntryRecord } from './types';

/** A record as `[p7 a4 put k1 (c3) chosen]`: prepared (when it proposed), promised, accepted value (a view: `[p7 a4 chosen]`). */
export function formatEntryRecord(record: EntryRecord | EntryHeader): string {
  const parts: string[] = [];
  if (record.prepared > 0) parts.push(`b${record.prepared}`);
  if (record.promised > 0) parts.push(`p${record.promised}`);
  const value = 'value' in record && record.value ? ` ${describeCommand(record.value)}` : '';
  if (record.accepted > 0) parts.push(`a${record.accepted}${value}`);
  if (record.chosen) parts.push('chosen');
  return `[${parts.join(' ')}]`;
}

/** `learn` as the trace shows it: its kind, with the incarnation known or the max_plog_entry reported. */
function formatLearn(learn: CertainMessage['learn']): string {
  if (!learn) return '';
  if (learn.kind === 'known') return ` known i${learn.count}`;
  if (learn.kind === 'report') return ` report top${learn.count}`;
  return ` ${learn.kind}`;
}

export function formatCertainMessage(message: CertainMessage): string {
  const life = message.incarnation > 0 ? ` i${message.incarnation}` : '';
  const snapshot = message.snapshot
    ? ` snapshot committed${message.snapshot.committed} v${message.snapshot.version}`
    : '';
  return `entryState ${message.key}#${message.entry} ${formatEntryRecord(message.record)} view ${formatEntryRecord(message.view)} max${message.maxChosen}${life}${formatLearn(message.learn)}${snapshot}`;
}

export function formatCertainRecord(record: CertainRecord): string {
  if (record.kind === 'plog') return `${record.entity}#${record.entry} ${formatEntryRecord(record)}`;
  const floor = record.learnedFloor > 0 ? ` floor${record.learnedFloor}` : '';
  const trimmed = record.trimmed > 0 ? ` trimmed${record.trimmed}` : '';
  const life = record.incarnation > 0 ? ` i${record.incarnation}` : '';
  const fences = Object.entries(record.fences)
    .filter(([, fence]) => fence > 0)
    .map(([peer, fence]) => ` fence ${peer}:i${fence}`)
    .join('');
  return `${record.entity} db committed${record.committed} v${record.version} ${describeBytes(record.value)}${floor}${trimmed}${life}${fences}`;
}

/** An event as it reads after the node's name; null for the replies, which the trace shows itself. */
export function formatCertainEvent(event: CertainEvent): string | null {
  switch (event.type) {
    case 'proposed':
      return `propose ${event.key}#${event.entry} b${event.ballot}${event.fast ? ' pre-authorised' : ''}${event.requestId ? ` ${event.requestId}` : ''}`;
    case 'promised':
      return `promised ${event.key}#${event.entry} b${event.ballot} of ${event.peer}`;
    case 'accepted':
      return `accepted ${event.key}#${event.entry} b${event.ballot} ${event.command}${event.peer ? ` of ${event.peer}` : ''}`;
    case 'chosen':
      return `chosen ${event.key}#${event.entry} b${event.ballot} ${event.command}`;
    case 'applied':
      return `applied ${event.key}#${event.entry} ${event.result} v${event.version}`;
    case 'replayed':
      return `replayed ${event.key}#${event.fromEntry}..#${event.toEntry} from the PLog into the DB`;
    case 'relearning':
      return `relearning ${event.key} ${event.on ? 'on' : 'off'}: ${event.reason}`;
    case 'fenced':
      return `fenced ${event.key}#${event.entry} from ${event.peer} i${event.incarnation} < i${event.fence}`;
    case 'snapshot':
      return `snapshot ${event.key}#${event.fromEntry}..#${event.committed} from ${event.peer}`;
    case 'replied':
      return null;
    case 'inputRejected':
      return `inputRejected ${event.field}${event.peer ? ` from ${event.peer}` : ''}: ${event.reason}`;
  }
}

/** An event as one line for a class, naming the node and the rule at work. */
export function captionCertainEvent(event: CertainEvent, self: NodeId): string {
  switch (event.type) {
    case 'proposed':
      return event.fast
        ? `${self} won the entry before ${event.key}#${event.entry}, so it holds the pre-authorised ballot ${event.ballot} there: it accepts its own value at once and needs only one round trip.`
        : `${self} proposes at ${event.key}#${event.entry} with ballot ${event.ballot}: it raises its own promise and sends its record; each replica that adopts the higher promise answers with its own record.`;
    case 'promised':
      return `${self} saw ballot ${event.ballot} of ${event.peer} in a record it received and raises its promise at ${event.key}#${event.entry} to it; its answer is just its new record, no separate promise message.`;
    case 'accepted':
      return event.peer === null
        ? `${self} accepts ${event.command} at ${event.key}#${event.entry} with its own ballot ${event.ballot}, persists it, and sends its record to the others.`
        : `${self} adopts ${event.command} at ${event.key}#${event.entry}, accepted by ${event.peer} at ballot ${event.ballot}: nothing higher was promised here.`;
    case 'chosen':
      return `${self} sees a majority holding ballot ${event.ballot} at ${event.key}#${event.entry} (in its views of the others' records), so ${event.command} is chosen; the next write goes to entry ${event.entry + 1}.`;
    case 'applied':
      return `${self} applies ${event.key}#${event.entry} to its DB in entry order (${event.result}, version ${event.version}); the DB row now says entry ${event.entry} is committed.`;
    case 'replayed':
      return `${self} restarted with ${event.key}#${event.fromEntry}..#${event.toEntry} chosen in its PLog but not in its DB (it crashed between the two writes), so it replays them into the DB.`;
    case 'relearning':
      return event.on
        ? `${self} lost its disk, so it may have forgotten promises on ${event.key}: it asks both other replicas for their state before voting again.`
        : `${self} heard from both other replicas about ${event.key}: ${event.reason}.`;
    case 'fenced':
      return `${self} ignores a late message about ${event.key}#${event.entry} from ${event.peer}'s earlier life (incarnation ${event.incarnation}): ${event.peer} lost its disk since and claimed incarnation ${event.fence}, so what that message says it promised or accepted, ${event.peer} has forgotten and must not count.`;
    case 'snapshot':
      return `${self}'s DB was behind entries ${event.peer} has already trimmed from its PLog, so ${event.peer} sent its DB row instead: ${self} takes the key's state up to entry ${event.committed} and never votes on those entries.`;
    case 'replied':
      return event.ok
        ? `${self} answers ${event.requestId}: done (${event.path ?? 'ok'}).`
        : `${self} answers ${event.requestId}: ${event.code ?? 'failed'}.`;
    case 'inputRejected':
      return inputRejectedCaption(self, event);
  }
}
