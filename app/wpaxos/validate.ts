/**
 * Peer message validation: the first problem as { field, reason } (the field named as a path in the
 * message), or null. A malformed message is refused whole before any state changes.
 */
import { checkCommandAt as checkLogCommand } from '../multipaxos/validate';
import { catchUpBatchMax } from '../multipaxos/timing';
import { placeKey } from '../paxos/placement';
import { checkData, checkKey, type InputProblem } from '../paxos/validate';
import type { CoreConfig, PlacementGroup } from '../paxos/types';
import {
  checkCount,
  checkEntryList,
  checkFlag,
  fromShape,
  isFields,
  problem,
  type Fields,
} from '../protocol/message-checks';
import { leaderOfBallot } from './grid';
import { checkSlotEntry, checkSnapshot } from './record';
import type { ObjectSnapshot, WPaxosNodeState } from './types';

/** The most entries one promise may carry (a thief far behind asks for a long stretch of log). */
export const promiseEntriesMax = 1 << 16;

/** A command's shape, its key (the message's object) and for a client command its limits. */
function checkCommandAt(
  value: unknown,
  prefix: string,
  m: Fields,
  config: CoreConfig,
  tagged: boolean,
): InputProblem | null {
  const found = checkLogCommand(value, prefix, config, tagged);
  if (found || !isFields(value) || value.kind !== 'client') return found;
  const at = prefix ? `${prefix}.command` : 'command';
  const key = (value.operation as Fields).key;
  return key === m.key
    ? null
    : problem(`${at}.operation.key`, `must be the message's object ${JSON.stringify(m.key)}`);
}

function checkEntries(m: Fields, config: CoreConfig, max: number): InputProblem | null {
  return checkEntryList(m.entries, 'entries', max, (entry, at) => {
    const shape = checkSlotEntry(entry);
    return shape ? fromShape(at, shape) : checkCommandAt(entry.command, at, m, config, true);
  });
}

/** A catch-up reply's snapshot: null, or well formed with a value within the configured limit. */
function checkSnapshotField(value: unknown, config: CoreConfig): InputProblem | null {
  if (value === null) return null;
  const shape = checkSnapshot(value);
  if (shape) return fromShape('snapshot', shape);
  const { entry } = value as ObjectSnapshot;
  if (entry.requests.length > config.dedupWindow) {
    return problem('snapshot.entry.requests', `must be at most the dedup window (${config.dedupWindow})`);
  }
  return entry.value === null ? null : checkData(entry.value, 'snapshot.entry.value', config);
}

/** The fields each message type carries beyond the envelope. */
function checkTypeFields(m: Fields, config: CoreConfig): InputProblem | null {
  const ballot = () => checkCount(m.ballotNumber, 'ballotNumber', 1);
  const commitPoint = () => checkCount(m.commitPoint, 'commitPoint');
  const slot = () => checkCount(m.slot, 'slot', 1);
  switch (m.type) {
    case 'prepare':
      return ballot() ?? commitPoint();
    case 'promise':
      return (
        ballot() ??
        checkFlag(m.ok, 'ok') ??
        checkCount(m.promised, 'promised') ??
        checkEntries(m, config, promiseEntriesMax) ??
        checkCount(m.logBase, 'logBase')
      );
    case 'accept':
      return ballot() ?? slot() ?? checkCommandAt(m.command, '', m, config, true) ?? commitPoint();
    case 'accepted':
      return ballot() ?? slot() ?? checkFlag(m.ok, 'ok') ?? checkCount(m.promised, 'promised');
    case 'commit':
      return ballot() ?? checkEntries(m, config, catchUpBatchMax) ?? commitPoint();
    case 'forward':
      return (
        checkCommandAt(m.command, '', m, config, false) ??
        checkCount(m.remainingMs, 'remainingMs') ??
        commitPoint()
      );
    case 'catchUp':
      return checkCount(m.fromSlot, 'fromSlot', 1);
    case 'catchUpReply':
      return (
        checkSnapshotField(m.snapshot, config) ??
        checkEntries(m, config, catchUpBatchMax) ??
        commitPoint() ??
        checkCount(m.promised, 'promised')
      );
    default:
      return problem('type', `unknown message type ${JSON.stringify(m.type)}`);
  }
}

/** Who may send what: only a ballot's leader prepares, proposes and commits in it. */
function checkSender(m: Fields, group: PlacementGroup): InputProblem | null {
  if (!group.members.includes(m.from as string)) {
    return problem('from', `${String(m.from)} is not in the grid of ${String(m.key)} (group ${group.id})`);
  }
  const fromLeader = m.type === 'prepare' || m.type === 'accept' || m.type === 'commit';
  const leader = fromLeader ? leaderOfBallot(group, m.ballotNumber as number) : null;
  if (fromLeader && leader !== m.from)
    return problem('from', `ballot ${String(m.ballotNumber)} is led by ${leader}`);
  if (m.type === 'forward' && (m.command as Fields).origin !== m.from) {
    return problem('command.origin', 'must be the sender');
  }
  return null;
}

export function validateMessage(message: unknown, state: WPaxosNodeState): InputProblem | null {
  if (!isFields(message)) return problem('message', 'must be an object');
  for (const field of ['id', 'from', 'to', 'key'] as const) {
    if (typeof message[field] !== 'string') return problem(field, 'must be a string');
  }
  const keyProblem = checkKey(message.key, 'key', state.config);
  if (keyProblem) return keyProblem;
  if (message.to !== state.config.self) return problem('to', `addressed to ${String(message.to)}`);
  if (message.from === state.config.self) return problem('from', 'a node does not message itself');
  const { groupId } = placeKey(state.config.groups, message.key as string);
  const group = state.config.groups.find((candidate) => candidate.id === groupId)!;
  if (!group.members.includes(state.config.self)) {
    return problem('key', `this node is not in the grid of ${String(message.key)} (group ${groupId})`);
  }
  return checkTypeFields(message, state.config) ?? checkSender(message, group);
}
