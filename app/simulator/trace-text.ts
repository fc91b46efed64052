/**
 * How the simulator writes protocol facts as text: values, messages, events, records and client
 * replies, with ballots as app/paxos/ballot.ts writes them everywhere. One stable, readable form,
 * because golden scenarios and replay checks compare it line by line, for example
 * `t=12 n0 → n1 fastAccept k1#2 b(0,1) c1="v1"@2`.
 */
import type {
  Ballot,
  ClientReply,
  CoreEvent,
  EntryValue,
  Instance,
  KeyRecord,
  KvOperation,
  PeerMessage,
} from '../paxos/types';
import { formatBallot } from '../paxos/ballot';

const shownBytesMax = 24;
const decoder = new TextDecoder();

/** Bytes as a quoted string, shortened when long, so a trace line stays one line. */
export function formatBytes(data: Uint8Array): string {
  const text = decoder.decode(data.subarray(0, shownBytesMax));
  return JSON.stringify(data.length > shownBytesMax ? `${text}…` : text);
}

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

export function formatOperation(operation: KvOperation): string {
  switch (operation.kind) {
    case 'get':
      return `get ${operation.key}`;
    case 'put':
      return `put ${operation.key} ${formatBytes(operation.value)}`;
    case 'delete':
      return `delete ${operation.key}`;
    case 'cas':
      return `cas ${operation.key} ${operation.expectedVersion} ${formatBytes(operation.value)}`;
  }
}

/** A reply; `read` adds the value read (none when the key is absent). */
export function formatReply(reply: ClientReply, read: boolean): string {
  if (!reply.ok) {
    const found = reply.currentVersion === undefined ? '' : ` found=${reply.currentVersion}`;
    return `${reply.requestId} ${reply.code}${found}${reply.definite ? '' : ' maybe'} (${reply.message})`;
  }
  const value = !read ? '' : ` value=${reply.value === null ? 'none' : formatBytes(reply.value)}`;
  return `${reply.requestId} ok version=${reply.version} index=${reply.index} ${reply.path}${value}`;
}
