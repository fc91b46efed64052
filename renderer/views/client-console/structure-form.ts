/**
 * The structure form's fields as an action of the console's `structure` command, or the first field
 * at fault: what a person typed is checked here before anything is sent, the node checks the limits.
 */
import type { ConsoleStructureAction } from '../../../app/contract/structure-commands';

export type StructureKind = 'queue' | 'set' | 'table';

/** Each structure's operations, named as `npm run kv` names them. */
export const operationsOf: Record<StructureKind, readonly ConsoleStructureAction['kind'][]> = {
  queue: ['qpush', 'qpop', 'qpeek', 'qlen'],
  set: ['sadd', 'srem', 'scontains', 'smembers'],
  table: ['tput', 'tget', 'tdel', 'tscan', 'tupdate'],
};

export interface StructureFields {
  operation: ConsoleStructureAction['kind'];
  name: string;
  /** A queue element or a set member. */
  item: string;
  primaryKey: string;
  /** COL=VAL pairs separated by spaces: a put's columns, an update's sets. */
  columns: string;
  /** An update's conditions, COL=VAL pairs. */
  conditions: string;
  from: string;
  to: string;
}

/** Which fields an operation takes. */
export function fieldsOf(operation: ConsoleStructureAction['kind']) {
  return {
    item: ['qpush', 'sadd', 'srem', 'scontains'].includes(operation),
    primaryKey: ['tput', 'tget', 'tdel', 'tupdate'].includes(operation),
    columns: operation === 'tput' || operation === 'tupdate',
    conditions: operation === 'tupdate',
    range: operation === 'tscan',
  };
}

export type FormCheck =
  { ok: true; action: ConsoleStructureAction } | { ok: false; field: string; problem: string };

export function checkFields(kind: StructureKind, fields: StructureFields): FormCheck {
  const { operation, name } = fields;
  if (!operationsOf[kind].includes(operation)) {
    return { ok: false, field: 'operation', problem: `a ${kind} has no ${operation}` };
  }
  if (name === '') return { ok: false, field: kind, problem: `name the ${kind}` };
  const takes = fieldsOf(operation);
  if (takes.primaryKey && fields.primaryKey === '') {
    return { ok: false, field: 'primary key', problem: 'give the row’s primary key' };
  }
  const columns = takes.columns ? parseColumns(fields.columns) : {};
  if (typeof columns === 'string') return { ok: false, field: 'columns', problem: columns };
  if (takes.columns && Object.keys(columns).length === 0) {
    return { ok: false, field: 'columns', problem: 'give at least one COL=VAL' };
  }
  const conditions = takes.conditions ? parseColumns(fields.conditions) : {};
  if (typeof conditions === 'string') return { ok: false, field: 'if', problem: conditions };
  return { ok: true, action: actionOf(operation, name, fields, columns, conditions) };
}

function actionOf(
  operation: ConsoleStructureAction['kind'],
  name: string,
  fields: StructureFields,
  columns: Record<string, string>,
  conditions: Record<string, string>,
): ConsoleStructureAction {
  const { item, primaryKey } = fields;
  switch (operation) {
    case 'qpush':
      return { kind: operation, queue: name, element: item };
    case 'qpop':
    case 'qpeek':
    case 'qlen':
      return { kind: operation, queue: name };
    case 'sadd':
    case 'srem':
    case 'scontains':
      return { kind: operation, set: name, member: item };
    case 'smembers':
      return { kind: operation, set: name };
    case 'tput':
      return { kind: operation, table: name, primaryKey, columns };
    case 'tget':
    case 'tdel':
      return { kind: operation, table: name, primaryKey };
    case 'tscan':
      return {
        kind: operation,
        table: name,
        ...(fields.from ? { from: fields.from } : {}),
        ...(fields.to ? { to: fields.to } : {}),
      };
    case 'tupdate':
      return { kind: operation, table: name, primaryKey, conditions, sets: columns };
  }
}

/** "name=Ada role=admin" as columns, or what is wrong with it. */
export function parseColumns(text: string): Record<string, string> | string {
  const columns: Record<string, string> = {};
  for (const pair of text.split(/\s+/).filter(Boolean)) {
    const at = pair.indexOf('=');
    if (at <= 0) return `expected COL=VAL with a non-empty COL; got "${pair}"`;
    const column = pair.slice(0, at);
    if (Object.hasOwn(columns, column)) return `column "${column}" is given twice`;
    columns[column] = pair.slice(at + 1);
  }
  return columns;
}
