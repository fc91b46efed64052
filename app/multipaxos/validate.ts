/**
 * Peer message validation: the first problem as { field, reason } (the field named as a path in the
 * message), or null. A malformed message is refused whole before any state changes.
 */
import { validateClientRequest, type InputProblem } from '../paxos/validate';
import type { CoreConfig } from '../paxos/types';
import {
  checkCount,
  checkEntryList,
  checkFlag,
  fromShape,
  isFields,
  problem,
  type Fields,
} from '../protocol/message-checks';
import { leaderOf } from './context';
import { checkClientFields, checkCommand, checkSlotEntry } from './record';
import { catchUpBatchMax } from './timing';
import type { GroupState, MultiPaxosNodeState } from './types';

/** The most entries one promise may carry (a leader far behind asks for a long stretch of log). */
export const promiseEntriesMax = 1 << 16;

/**
 * A log command's shape, and for a client command the limits of its key and value; an untagged one (a
 * forward's) must be a client command. WPaxos logs the same commands and checks them with this too.
 */
export function checkCommandAt(
  value: unknown,
  prefix: string,
  config: CoreConfig,
  tagged: boolean,
): InputProblem | null {
  const at = prefix ? `${prefix}.command` : 'command';
  if (!isFields(value)) return problem(at, 'must be an object');
  if (!tagged && value.kind !== 'client') return problem(`${at}.kind`, 'must be client');
  const shape = tagged ? checkCommand(value) : checkClientFields(value);
  if (shape) return fromShape(prefix, shape);
  if (value.kind !== 'client') return null;
  const found = validateClientRequest({ requestId: value.requestId, operation: value.operation }, config);
  return found ? problem(`${at}.${found.field}`, found.reason) : null;
}

function checkEntries(value: unknown, field: string, config: CoreConfig, max: number): InputProblem | null {
  return checkEntryList(value, field, max, (entry, at) => {
    const shape = checkSlotEntry(entry);
    return shape ? fromShape(at, shape) : checkCommandAt(entry.command, at, config, true);
  });
}

/** The fields each message type carries beyond the envelope. */
function checkTypeFields(m: Fields, config: CoreConfig): InputProblem | null {
  const view = () => checkCount(m.view, 'view');
  const commitPoint = () => checkCount(m.commitPoint, 'commitPoint');
  const slot = () => checkCount(m.slot, 'slot', 1);
  switch (m.type) {
    case 'viewChange':
      return view();
    case 'prepare':
    case 'commit':
      return view() ?? commitPoint();
    case 'promise':
      return (
        view() ??
        checkFlag(m.ok, 'ok') ??
        checkCount(m.promised, 'promised') ??
        commitPoint() ??
        checkEntries(m.entries, 'entries', config, promiseEntriesMax)
      );
    case 'accept':
      return view() ?? slot() ?? checkCommandAt(m.command, '', config, true) ?? commitPoint();
    case 'accepted':
      return view() ?? slot() ?? checkFlag(m.ok, 'ok') ?? checkCount(m.promised, 'promised');
    case 'commitAck':
      return view() ?? checkFlag(m.ok, 'ok') ?? checkCount(m.currentView, 'currentView') ?? commitPoint();
    case 'forward':
      return checkCommandAt(m.command, '', config, false) ?? checkCount(m.remainingMs, 'remainingMs');
    case 'catchUp':
      return checkCount(m.fromSlot, 'fromSlot', 1);
    case 'catchUpReply':
      return (
        checkEntries(m.entries, 'entries', config, catchUpBatchMax) ??
        commitPoint() ??
        checkCount(m.promised, 'promised', -1)
      );
    default:
      return problem('type', `unknown message type ${JSON.stringify(m.type)}`);
  }
}

/** Who may send what: only a view's leader prepares, proposes and heartbeats in it. */
function checkSender(m: Fields, group: GroupState): InputProblem | null {
  if (!group.members.includes(m.from as string)) {
    return problem('from', `${String(m.from)} is not a member of group ${group.id}`);
  }
  const fromLeader = m.type === 'prepare' || m.type === 'accept' || m.type === 'commit';
  if (fromLeader && leaderOf(group, m.view as number) !== m.from) {
    return problem('from', `view ${String(m.view)} is led by ${leaderOf(group, m.view as number)}`);
  }
  if (m.type === 'forward' && (m.command as Fields).origin !== m.from) {
    return problem('command.origin', 'must be the sender');
  }
  return null;
}

export function validateMessage(message: unknown, state: MultiPaxosNodeState): InputProblem | null {
  if (!isFields(message)) return problem('message', 'must be an object');
  for (const field of ['id', 'from', 'to', 'key', 'group'] as const) {
    if (typeof message[field] !== 'string') return problem(field, 'must be a string');
  }
  const group = state.groups[message.group as string];
  if (!group) return problem('group', `this node is not a member of group ${String(message.group)}`);
  if (message.key !== message.group) return problem('key', 'must be the group id');
  if (message.to !== state.config.self) return problem('to', `addressed to ${String(message.to)}`);
  if (message.from === state.config.self) return problem('from', 'a node does not message itself');
  return checkTypeFields(message, state.config) ?? checkSender(message, group);
}
