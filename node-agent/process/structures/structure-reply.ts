/** An operation's answer and run as StructureService's reply (structures.proto). */
import type { Row } from '../../../app/kv/structures/table';
import {
  StructureWrite_Outcome,
  TableUpdateResult_Outcome,
  type StructureReply,
  type StructureRun,
  type TableRow,
} from '../../../app/proto/generated/structures';
import type { OperationRun, WriteNote } from '../../kit/structures/cas-loop';
import type { RowRead } from '../../kit/structures/kv-table';
import type { ActionResult } from '../../kit/structures/structure-action';

export function replyOf(result: ActionResult, run: OperationRun): StructureReply {
  return { requestId: run.requestId, result: resultOf(result), run: runOf(run) };
}

function resultOf(result: ActionResult): StructureReply['result'] {
  switch (result.kind) {
    case 'qpush':
      return { $case: 'queuePushed', value: result.position };
    case 'qpop':
    case 'qpeek': {
      const { popped } = result;
      if (popped === null)
        return { $case: 'queueElement', value: { found: false, value: '', position: undefined } };
      const position = { segment: popped.segment, slot: popped.slot };
      return { $case: 'queueElement', value: { found: true, value: popped.value, position } };
    }
    case 'qlen': {
      const { length, segments } = result.length;
      return {
        $case: 'queueLength',
        value: { length, firstSegment: segments.first, lastSegment: segments.last },
      };
    }
    case 'sadd':
      return { $case: 'setChanged', value: result.added === 'added' };
    case 'srem':
      return { $case: 'setChanged', value: result.removed === 'removed' };
    case 'scontains':
      return { $case: 'setContains', value: result.member };
    case 'smembers':
      return { $case: 'setMembers', value: { members: result.members } };
    case 'tput':
      return { $case: 'tableCreated', value: result.written === 'created' };
    case 'tget':
      return {
        $case: 'tableRow',
        value: { found: result.row !== null, row: result.row === null ? undefined : rowOf(result.row) },
      };
    case 'tdel':
      return { $case: 'tableDeleted', value: result.deleted === 'deleted' };
    case 'tscan':
      return { $case: 'tableRows', value: { rows: result.rows.map(rowOf) } };
    case 'tupdate': {
      const { update } = result;
      const mismatches =
        update.kind === 'unmet'
          ? update.mismatches.map((m) => ({
              column: m.column,
              expected: m.expected,
              present: m.found !== null,
              found: m.found ?? '',
            }))
          : [];
      return { $case: 'tableUpdate', value: { outcome: updateOutcome[update.kind], mismatches } };
    }
  }
}

const updateOutcome = {
  updated: TableUpdateResult_Outcome.OUTCOME_UPDATED,
  'not-found': TableUpdateResult_Outcome.OUTCOME_NOT_FOUND,
  unmet: TableUpdateResult_Outcome.OUTCOME_CONDITION_NOT_MET,
} as const;

function rowOf(read: RowRead): TableRow {
  const columns: Row = { ...read.row };
  return { primaryKey: read.primaryKey, columns, version: read.version };
}

const writeOutcome: Record<WriteNote['outcome'], StructureWrite_Outcome> = {
  applied: StructureWrite_Outcome.OUTCOME_APPLIED,
  dedup: StructureWrite_Outcome.OUTCOME_DEDUP,
  conflict: StructureWrite_Outcome.OUTCOME_CONFLICT,
  'in doubt': StructureWrite_Outcome.OUTCOME_IN_DOUBT,
};

function runOf(run: OperationRun): StructureRun {
  return {
    reads: run.reads,
    attempts: run.attempts,
    writes: run.writes.map((note) => ({
      key: note.key,
      expectedVersion: note.expectedVersion,
      outcome: writeOutcome[note.outcome],
      version: note.version ?? 0,
      index: note.index ?? 0,
      path: note.path ?? '',
      housekeeping: note.housekeeping,
    })),
    foundAppliedKey: run.foundApplied?.key ?? '',
    foundAppliedVersion: run.foundApplied?.version ?? 0,
  };
}
