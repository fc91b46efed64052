/**
 * Input validation. Every check returns the first problem as { field, reason } (the field named as a
 * path in the input) or null, so a malformed input is refused whole before any state changes.
 */
import { kvOperationKinds } from '../kv/operations';
import { dedupWindowMax } from './config';
import { placeKey, utf8Length } from './placement';
import type { CoreConfig, PeerMessageType } from './types';

export interface InputProblem {
  field: string;
  reason: string;
}

type Fields = Record<string, unknown>;

const problem = (field: string, reason: string): InputProblem => ({ field, reason });

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkCount(
  value: unknown,
  field: string,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): InputProblem | null {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) return problem(field, 'must be an integer');
  if (value < min || value > max) return problem(field, `must be between ${min} and ${max} (got ${value})`);
  return null;
}

function checkText(value: unknown, field: string, maxLength = 1024): InputProblem | null {
  if (typeof value !== 'string') return problem(field, 'must be a string');
  if (value.length > maxLength) return problem(field, `must be at most ${maxLength} characters`);
  return null;
}

function checkFlag(value: unknown, field: string): InputProblem | null {
  return typeof value === 'boolean' ? null : problem(field, 'must be true or false');
}

/** A key: a non-empty string of at most keyBytesMax UTF-8 bytes. */
export function checkKey(value: unknown, field: string, config: CoreConfig): InputProblem | null {
  if (typeof value !== 'string') return problem(field, 'must be a string');
  if (value === '') return problem(field, 'must not be empty');
  const size = utf8Length(value);
  const max = config.limits.keyBytesMax;
  return size > max ? problem(field, `must be at most ${max} bytes (keyBytesMax); got ${size}`) : null;
}

export function checkData(value: unknown, field: string, config: CoreConfig): InputProblem | null {
  if (!(value instanceof Uint8Array)) return problem(field, 'must be bytes (Uint8Array)');
  const max = config.limits.valueBytesMax;
  return value.byteLength > max
    ? problem(field, `must be at most ${max} bytes (valueBytesMax); got ${value.byteLength}`)
    : null;
}

function checkBallot(value: unknown, field: string): InputProblem | null {
  if (!isFields(value)) return problem(field, 'must be a ballot { counter, role }');
  return checkCount(value.counter, `${field}.counter`) ?? checkCount(value.role, `${field}.role`, 0, 3);
}

function checkEntryValue(value: unknown, field: string, config: CoreConfig): InputProblem | null {
  if (!isFields(value)) return problem(field, 'must be an entry value');
  return (
    checkText(value.requestId, `${field}.requestId`) ??
    checkText(value.owner, `${field}.owner`) ??
    checkCount(value.version, `${field}.version`) ??
    checkFlag(value.deleted, `${field}.deleted`) ??
    checkData(value.data, `${field}.data`, config) ??
    checkAppliedRequests(value.requests, `${field}.requests`)
  );
}

function checkAppliedRequests(value: unknown, field: string): InputProblem | null {
  if (!Array.isArray(value)) return problem(field, 'must be a list of applied requests');
  if (value.length > dedupWindowMax) {
    return problem(
      field,
      `must hold at most ${dedupWindowMax} requests (dedupWindowMax); got ${value.length}`,
    );
  }
  for (const [i, applied] of value.entries()) {
    const at = `${field}[${i}]`;
    if (!isFields(applied)) return problem(at, 'must be an applied request { requestId, version, index }');
    const found =
      checkText(applied.requestId, `${at}.requestId`) ??
      checkCount(applied.version, `${at}.version`) ??
      checkCount(applied.index, `${at}.index`, 1);
    if (found) return found;
  }
  return null;
}

function checkHeader(value: unknown, field: string): InputProblem | null {
  if (!isFields(value)) return problem(field, 'must be a PLog header');
  return (
    checkCount(value.maxIndex, `${field}.maxIndex`) ??
    checkCount(value.chosenIndex, `${field}.chosenIndex`) ??
    checkCount(value.version, `${field}.version`)
  );
}

function checkScanEntries(value: unknown, config: CoreConfig): InputProblem | null {
  if (!Array.isArray(value)) return problem('entries', 'must be a list');
  if (value.length > scanLimitMax) return problem('entries', `must hold at most ${scanLimitMax} entries`);
  for (const [i, entry] of value.entries()) {
    const field = `entries[${i}]`;
    if (!isFields(entry)) return problem(field, 'must be { key, maxIndex, chosenIndex }');
    const found =
      checkKey(entry.key, `${field}.key`, config) ??
      checkCount(entry.maxIndex, `${field}.maxIndex`) ??
      checkCount(entry.chosenIndex, `${field}.chosenIndex`);
    if (found) return found;
  }
  return null;
}

/** The most keys one keyScan page may ask for or return. */
export const scanLimitMax = 1024;

const nullable = (check: (value: unknown) => InputProblem | null) => (value: unknown) =>
  value === null ? null : check(value);

/** The fields each message type carries beyond the common ones. */
function checkTypeFields(m: Fields, config: CoreConfig): InputProblem | null {
  const ballot = () => checkBallot(m.ballot, 'ballot');
  const value = () => checkEntryValue(m.value, 'value', config);
  const realIndex = () => checkCount(m.index, 'index', 1);
  switch (m.type as PeerMessageType) {
    case 'prepare':
      return realIndex() ?? ballot();
    case 'accept':
    case 'fastAccept':
    case 'chosen':
      return realIndex() ?? ballot() ?? value();
    case 'promise':
    case 'accepted':
    case 'fastAccepted':
      return (
        realIndex() ??
        ballot() ??
        checkFlag(m.ok, 'ok') ??
        checkBallot(m.promised, 'promised') ??
        nullable((v) => checkBallot(v, 'accepted'))(m.accepted) ??
        nullable((v) => checkEntryValue(v, 'value', config))(m.value)
      );
    case 'getChosen':
      return null;
    case 'readProbe':
      return checkText(m.readId, 'readId');
    case 'probeReply':
      return (
        checkText(m.readId, 'readId') ?? checkHeader(m.header, 'header') ?? checkFlag(m.pending, 'pending')
      );
    case 'keyScan':
      return (
        checkText(m.afterKey, 'afterKey', config.limits.keyBytesMax * 4) ??
        checkCount(m.limit, 'limit', 1, scanLimitMax)
      );
    case 'keyScanReply':
      return (
        checkScanEntries(m.entries, config) ??
        nullable((v) => checkText(v, 'nextAfterKey', config.limits.keyBytesMax * 4))(m.nextAfterKey)
      );
    default:
      return problem('type', `unknown message type ${JSON.stringify(m.type)}`);
  }
}

const scanTypes = new Set(['keyScan', 'keyScanReply']);
const proposalTypes = new Set(['prepare', 'accept', 'fastAccept']);

/** Who may send a message about a key: another of the key's replicas, with its own role in ballots. */
function checkReplicaSet(m: Fields, config: CoreConfig): InputProblem | null {
  const key = m.key as string;
  const { replicas } = placeKey(config.groups, key);
  if (!replicas.includes(config.self)) return problem('key', `this node is not a replica of "${key}"`);
  const senderRole = replicas.indexOf(m.from as string) + 1;
  if (senderRole === 0) return problem('from', `${String(m.from)} is not a replica of "${key}"`);
  const ballot = m.ballot as { counter: number; role: number } | undefined;
  if (proposalTypes.has(m.type as string) && ballot) {
    if (ballot.role !== senderRole) return problem('ballot.role', `must be the sender's role ${senderRole}`);
    const fast = m.type === 'fastAccept';
    if (fast !== (ballot.counter === 0)) {
      return problem(
        'ballot.counter',
        fast ? 'must be 0 for a fast accept' : 'must be at least 1 outside the fast band',
      );
    }
  }
  return null;
}

function sharesAGroup(config: CoreConfig, node: unknown): boolean {
  return config.groups.some(
    (group) => group.members.includes(config.self) && group.members.includes(node as string),
  );
}

export function validatePeerMessage(message: unknown, config: CoreConfig): InputProblem | null {
  if (!isFields(message)) return problem('message', 'must be an object');
  const common =
    checkText(message.id, 'id') ??
    checkText(message.from, 'from') ??
    checkText(message.to, 'to') ??
    checkText(message.key, 'key', config.limits.keyBytesMax * 4) ??
    checkCount(message.index, 'index') ??
    checkTypeFields(message, config);
  if (common) return common;
  if (message.to !== config.self)
    return problem('to', `addressed to ${String(message.to)}, not ${config.self}`);
  if (message.from === config.self) return problem('from', 'a node does not message itself');
  if (scanTypes.has(message.type as string)) {
    return sharesAGroup(config, message.from)
      ? null
      : problem('from', `${String(message.from)} shares no group`);
  }
  return checkKey(message.key, 'key', config) ?? checkReplicaSet(message, config);
}

const operationKinds = new Set<string>(kvOperationKinds);

/** Shape and limits of a client request; whether this node replicates the key is checked after. */
export function validateClientRequest(request: unknown, config: CoreConfig): InputProblem | null {
  if (!isFields(request)) return problem('request', 'must be an object');
  if (typeof request.requestId !== 'string' || request.requestId === '') {
    return problem('requestId', 'must be a non-empty string');
  }
  const idProblem = checkText(request.requestId, 'requestId', 256);
  if (idProblem) return idProblem;
  const deadline = request.deadlineMs;
  if (deadline !== undefined && (typeof deadline !== 'number' || Number.isNaN(deadline) || deadline < 0)) {
    return problem('deadlineMs', 'must be a time in ms >= 0 (the core clock), or absent');
  }
  const op = request.operation;
  if (!isFields(op)) return problem('operation', 'must be an object');
  if (!operationKinds.has(op.kind as string))
    return problem('operation.kind', 'must be get, put, delete or cas');
  const keyProblem = checkKey(op.key, 'operation.key', config);
  if (keyProblem || op.kind === 'get' || op.kind === 'delete') return keyProblem;
  const dataProblem = checkData(op.value, 'operation.value', config);
  if (dataProblem || op.kind === 'put') return dataProblem;
  return checkCount(op.expectedVersion, 'operation.expectedVersion');
}

/** The verifier's relearn input: a key this node replicates and the chosen index found wrong (>= 1). */
export function validateRelearn(input: Fields, config: CoreConfig): InputProblem | null {
  const keyProblem = checkKey(input.key, 'key', config);
  if (keyProblem) return keyProblem;
  if (!placeKey(config.groups, input.key as string).replicas.includes(config.self)) {
    return problem('key', 'this node does not replicate the key');
  }
  return checkCount(input.index, 'index', 1);
}
