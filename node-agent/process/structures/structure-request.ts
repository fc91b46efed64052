/**
 * StructureService's request off the wire, checked: the request id and attempts within their limits
 * and the operation as a StructureAction, the vocabulary `npm run kv` parses into. The library checks
 * the action's own fields (names, elements, members, rows) when it runs; `wireField` names those in
 * the request's terms.
 */
import type { StructureRequest } from '../../../app/proto/generated/structures';
import { FieldError } from '../../../app/util/field-error';
import { attemptsDefault } from '../../kit/structures/cas-loop';
import type { DataStructureAction } from '../../kit/structures/structure-action';

/** As `npm run kv -- --request-id`: housekeeping writes append a suffix within the store's 256. */
export const requestIdCharsMax = 200;
/** As `npm run kv -- --attempts`. */
export const attemptsMaxLimit = 1000;

export interface CheckedRequest {
  /** '' when the caller left it to the agent. */
  requestId: string;
  attemptsMax: number;
  action: DataStructureAction;
  /** The request's oneof field, snake_case as in structures.proto (for error fields). */
  opField: string;
}

export function checkRequest(request: StructureRequest): CheckedRequest {
  if (request.requestId.length > requestIdCharsMax) {
    throw new FieldError(
      'request_id',
      `must be at most ${requestIdCharsMax} characters, got ${request.requestId.length}`,
      requestIdCharsMax,
    );
  }
  if (request.attemptsMax > attemptsMaxLimit) {
    throw new FieldError('attempts_max', `must be at most ${attemptsMaxLimit}`, attemptsMaxLimit);
  }
  const { op } = request;
  if (op === undefined)
    throw new FieldError('op', 'no operation is set (missing, or unknown to this version)');
  return {
    requestId: request.requestId,
    attemptsMax: request.attemptsMax === 0 ? attemptsDefault : request.attemptsMax,
    action: actionOf(op),
    opField: snakeCase(op.$case),
  };
}

function actionOf(op: NonNullable<StructureRequest['op']>): DataStructureAction {
  switch (op.$case) {
    case 'queuePush':
      return { kind: 'qpush', queue: op.value.queue, element: op.value.element };
    case 'queuePop':
      return { kind: 'qpop', queue: op.value.queue };
    case 'queuePeek':
      return { kind: 'qpeek', queue: op.value.queue };
    case 'queueLength':
      return { kind: 'qlen', queue: op.value.queue };
    case 'setAdd':
      return { kind: 'sadd', set: op.value.set, member: op.value.member };
    case 'setRemove':
      return { kind: 'srem', set: op.value.set, member: op.value.member };
    case 'setContains':
      return { kind: 'scontains', set: op.value.set, member: op.value.member };
    case 'setMembers':
      return { kind: 'smembers', set: op.value.set };
    case 'tablePut':
      return {
        kind: 'tput',
        table: op.value.table,
        primaryKey: op.value.primaryKey,
        columns: op.value.columns,
      };
    case 'tableGet':
      return { kind: 'tget', table: op.value.table, primaryKey: op.value.primaryKey };
    case 'tableDelete':
      return { kind: 'tdel', table: op.value.table, primaryKey: op.value.primaryKey };
    case 'tableScan': {
      const { table, from, to } = op.value;
      return { kind: 'tscan', table, from: from || undefined, to: to || undefined };
    }
    case 'tableUpdate': {
      const { table, primaryKey, conditions, sets } = op.value;
      return { kind: 'tupdate', table, primaryKey, conditions, sets };
    }
  }
}

/**
 * A library field (element, member, primaryKey, columns, set, queue, table) as the request names it:
 * under the operation's field, in snake_case; an update's `set`/`columns` problems are its `sets`.
 */
export function wireField(opField: string, field: string): string {
  if (field.includes('_') || field === 'op') return field;
  const inUpdate = opField === 'table_update' && (field === 'set' || field === 'columns');
  return `${opField}.${inUpdate ? 'sets' : snakeCase(field)}`;
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
