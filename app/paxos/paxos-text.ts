/**
 * PaxosKV's facts as trace text: values, messages, core events and PLog records, with ballots as
 * ballot.ts writes them. Golden scenarios compare these lines, so the form is stable, for example
 * `fastAccept k1#2 b(0,1) c1="v1"@2`.
 */
import { formatBytes } from '../util/byte-text';
import { formatBallot } from './ballot';
import type { Ballot, CoreEvent, EntryValue, Instance, KeyRecord, PeerMessage } from './types';

/** A value as `request="data"@version`; a delete shows `request=deleted@version`, a no-op `noop@version`. */
export function formatValue(value: EntryValue): string {
  const name = value.requestId === '' ? 'noop' : value.requestId;
  if (value.requestId === '') return `${name}@${value.version}`;
  return `${name}=${value.deleted ? 'deleted' : formatBytes(value.data)}@${value.version}`;
}

function formatAcceptorState(promised: Ballot, accepted: Ballot | null, value: EntryValue | null): string {
  const acceptedText = accepted && value ? ` ${formatBallot(accepted, 'a')} ${formatValue(value)}` : '';
  return `${formatBallot(promised, 'p')}${acceptedText}`;
}

/** A message without its endpoints: type, key#index and what it carries. */
export function formatMessage(message: PeerMessage): string {
  const at = `${message.key}#${message.index}`;
  switch (message.type) {
    case 'prepare':
      return `prepare ${at} ${formatBallot(message.ballot)}`;
    case 'promise':
    case 'accepted':
    case 'fastAccepted':
      return `${message.type} ${at} ${formatBallot(message.ballot)} ${message.ok ? 'ok' : 'no'} ${formatAcceptorState(message.promised, message.accepted, message.value)}`;
    case 'accept':
    case 'fastAccept':
    case 'chosen':
      return `${message.type} ${at} ${formatBallot(message.ballot)} ${formatValue(message.value)}`;
    case 'getChosen':
      return `getChosen ${at}`;
    case 'readProbe':
      return `readProbe ${at} ${message.readId}`;
    case 'probeReply': {
      const { maxIndex, chosenIndex, version } = message.header;
      const pending = message.pending ? ' pending' : '';
      return `probeReply ${at} ${message.readId} max=${maxIndex} chosen=${chosenIndex} version=${version}${pending}`;
    }
    case 'keyScan':
      return `keyScan after=${JSON.stringify(message.afterKey)} limit=${message.limit}`;
    case 'keyScanReply':
      return `keyScanReply ${message.entries.length} keys next=${message.nextAfterKey === null ? 'end' : JSON.stringify(message.nextAfterKey)}`;
  }
}

/** A core event as it reads after the node's name. */
export function formatEvent(event: CoreEvent): string {
  switch (event.type) {
    case 'proposalStarted':
      return `propose ${event.key}#${event.index} ${formatBallot(event.ballot)} ${event.requestId || 'noop'}${event.fast ? ' fast' : ''}`;
    case 'promised':
      return `promised ${event.key}#${event.index} ${formatBallot(event.ballot)} to ${event.peer}`;
    case 'acceptedValue':
      return `accepted ${event.key}#${event.index} ${formatBallot(event.ballot)} ${event.requestId || 'noop'}`;
    case 'rejected':
      return `rejected ${event.what} ${event.key}#${event.index} ${formatBallot(event.ballot)} by ${formatBallot(event.by)}`;
    case 'chosen':
      return `chosen ${event.key}#${event.index} ${formatBallot(event.ballot)} ${event.requestId || 'noop'}@${event.version}`;
    case 'catchUp':
      return `catchUp ${event.key} #${event.fromIndex}→#${event.index} from ${event.peer}`;
    case 'readServed':
      return `readServed ${event.key}#${event.index} ${event.how}`;
    case 'backoff':
      return `backoff ${event.key}#${event.index} round=${event.round} until=${event.untilMs}`;
    case 'learnerOnly':
      return `learnerOnly ${event.on ? 'on' : 'off'} (${event.reason})`;
    case 'pendingTimeout':
      return `pendingTimeout ${event.key}#${event.index} ${event.step} waited=${event.waitedMs}${event.nextInMs > 0 ? ` next=+${event.nextInMs}` : ''}`;
    case 'replied':
      return `replied ${event.key} ${event.requestId} ${event.ok ? 'ok' : (event.code ?? 'error')}`;
    case 'inputRejected':
      return `inputRejected ${event.field}${event.peer ? ` from ${event.peer}` : ''}: ${event.reason}`;
  }
}

export function formatInstance(instance: Instance): string {
  const chosen = instance.chosen ? ' chosen' : '';
  return `#${instance.index} ${formatAcceptorState(instance.promised, instance.accepted, instance.value)}${chosen}`;
}

/** A value's dedup window as `window=[c1@1#1 c2@2#2]` (request@version#index, oldest first). */
export function formatWindow(value: EntryValue): string {
  const applied = value.requests.map((request) => `${request.requestId}@${request.version}#${request.index}`);
  return `window=[${applied.join(' ')}]`;
}

/** A key's PLog as `k1 [#1 p(0,1) a(0,1) c1="v1"@1 chosen, #2 p(1,2)]`. */
export function formatRecord(record: KeyRecord): string {
  return `${record.key} [${record.instances.map(formatInstance).join(', ')}]`;
}
