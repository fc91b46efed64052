/**
 * StructureService's own parts, over an in-memory store: the request's checks and limits, the request
 * fields errors are named by, the reply's mapping of each result and of the run, and the statuses.
 */
import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import {
  StructureWrite_Outcome,
  TableUpdateResult_Outcome,
  type StructureRequest,
} from '../../../app/proto/generated/structures';
import { utf8ToBytes } from '../../../app/util/byte-text';
import { FieldError } from '../../../app/util/field-error';
import {
  answerStructure,
  type StructureAnswer,
} from '../../../node-agent/process/structures/structure-service';
import { checkRequest, wireField } from '../../../node-agent/process/structures/structure-request';
import { FakeKvPort } from './fake-kv-port';

const limits = { valueBytesMax: 4096, keyBytesMax: 256 };
const request = (op: StructureRequest['op'], requestId = 'r1', attemptsMax = 0): StructureRequest => ({
  requestId,
  attemptsMax,
  op,
});

function fieldErrorOf(thunk: () => unknown): FieldError {
  try {
    thunk();
  } catch (error) {
    if (error instanceof FieldError) return error;
    throw error;
  }
  throw new Error('no FieldError');
}

describe('a StructureService request', () => {
  it('is checked against its limits before anything runs', () => {
    const long = fieldErrorOf(() =>
      checkRequest(request({ $case: 'queuePop', value: { queue: 'q' } }, 'x'.repeat(201))),
    );
    expect({ field: long.field, limit: long.limit }).toEqual({ field: 'request_id', limit: 200 });
    const attempts = fieldErrorOf(() =>
      checkRequest(request({ $case: 'queuePop', value: { queue: 'q' } }, '', 1001)),
    );
    expect({ field: attempts.field, limit: attempts.limit }).toEqual({ field: 'attempts_max', limit: 1000 });
    expect(fieldErrorOf(() => checkRequest(request(undefined))).field).toBe('op');
  });

  it('becomes the action npm run kv parses into, with the default attempts', () => {
    const scan = checkRequest(request({ $case: 'tableScan', value: { table: 't', from: '', to: 'm' } }));
    expect(scan).toEqual({
      requestId: 'r1',
      attemptsMax: 16,
      action: { kind: 'tscan', table: 't', from: undefined, to: 'm' },
      opField: 'table_scan',
    });
    const update = checkRequest(
      request(
        {
          $case: 'tableUpdate',
          value: { table: 't', primaryKey: 'k', conditions: { a: '1' }, sets: { b: '2' } },
        },
        '',
        3,
      ),
    );
    expect(update.action).toEqual({
      kind: 'tupdate',
      table: 't',
      primaryKey: 'k',
      conditions: { a: '1' },
      sets: { b: '2' },
    });
    expect(update.attemptsMax).toBe(3);
  });

  it('names the library’s fields as the request does', () => {
    expect(wireField('queue_push', 'element')).toBe('queue_push.element');
    expect(wireField('table_put', 'primaryKey')).toBe('table_put.primary_key');
    expect(wireField('table_update', 'set')).toBe('table_update.sets');
    expect(wireField('table_update', 'columns')).toBe('table_update.sets');
    expect(wireField('table_put', 'columns')).toBe('table_put.columns');
    expect(wireField('set_add', 'set')).toBe('set_add.set');
    expect(wireField('queue_pop', 'request_id')).toBe('request_id');
  });
});

const ok = (answer: StructureAnswer) => {
  if (!answer.ok) throw new Error(`failed: ${answer.details}`);
  return answer.reply;
};
const failed = (answer: StructureAnswer) => {
  if (answer.ok) throw new Error('answered');
  return answer;
};

describe('a StructureService answer', () => {
  const service = (port = new FakeKvPort()) => ({ self: 'n1', port, limits });

  it('maps each result and the run (the writes, a retry found applied)', async () => {
    const options = service();
    const push = ok(
      await answerStructure(options, request({ $case: 'queuePush', value: { queue: 'q', element: 'a' } })),
    );
    expect(push.result).toEqual({ $case: 'queuePushed', value: { segment: 0, slot: 0 } });
    expect(push.requestId).toBe('r1');
    expect(push.run!.writes[0]).toMatchObject({
      key: 'queue/q/0',
      expectedVersion: 0,
      outcome: StructureWrite_Outcome.OUTCOME_APPLIED,
      version: 1,
      path: 'fast',
      housekeeping: false,
    });
    const pop = ok(
      await answerStructure(options, request({ $case: 'queuePop', value: { queue: 'q' } }, 'r2')),
    );
    expect(pop.result).toEqual({
      $case: 'queueElement',
      value: { found: true, value: 'a', position: { segment: 0, slot: 0 } },
    });
    const empty = ok(
      await answerStructure(options, request({ $case: 'queuePop', value: { queue: 'q' } }, '')),
    );
    expect(empty.result).toEqual({
      $case: 'queueElement',
      value: { found: false, value: '', position: undefined },
    });
    expect(empty.requestId).toMatch(/^n1-structure-[0-9a-f]{16}$/);
    const retried = ok(
      await answerStructure(options, request({ $case: 'queuePop', value: { queue: 'q' } }, 'r2')),
    );
    expect(retried.result).toEqual(pop.result);
    expect(retried.run).toMatchObject({ writes: [], foundAppliedKey: 'queue/q/0', foundAppliedVersion: 2 });
    const put = (primaryKey: string) =>
      answerStructure(
        options,
        request({ $case: 'tablePut', value: { table: 't', primaryKey, columns: { c: '1' } } }, ''),
      );
    expect(ok(await put('k')).result).toEqual({ $case: 'tableCreated', value: true });
    expect(ok(await put('k')).result).toEqual({ $case: 'tableCreated', value: false });
    const unmet = ok(
      await answerStructure(
        options,
        request({
          $case: 'tableUpdate',
          value: { table: 't', primaryKey: 'k', conditions: { c: '2', d: 'x' }, sets: { c: '3' } },
        }),
      ),
    );
    expect(unmet.result).toEqual({
      $case: 'tableUpdate',
      value: {
        outcome: TableUpdateResult_Outcome.OUTCOME_CONDITION_NOT_MET,
        mismatches: [
          { column: 'c', expected: '2', present: true, found: '1' },
          { column: 'd', expected: 'x', present: false, found: '' },
        ],
      },
    });
    const row = ok(
      await answerStructure(options, request({ $case: 'tableGet', value: { table: 't', primaryKey: 'k' } })),
    );
    expect(row.result).toEqual({
      $case: 'tableRow',
      value: { found: true, row: { primaryKey: 'k', columns: { c: '1' }, version: 2 } },
    });
    const added = ok(
      await answerStructure(options, request({ $case: 'setAdd', value: { set: 's', member: 'm' } }, 'a1')),
    );
    expect(added.result).toEqual({ $case: 'setChanged', value: true });
    const members = ok(await answerStructure(options, request({ $case: 'setMembers', value: { set: 's' } })));
    expect(members.result).toEqual({ $case: 'setMembers', value: { members: ['m'] } });
  });

  it('answers a reply lost after the write with the write, applied once', async () => {
    const port = new FakeKvPort().inject('lose-reply');
    const reply = ok(
      await answerStructure(
        service(port),
        request({ $case: 'queuePush', value: { queue: 'q', element: 'a' } }),
      ),
    );
    expect(reply.result).toEqual({ $case: 'queuePushed', value: { segment: 0, slot: 0 } });
    expect(reply.run!.writes.map((write) => write.outcome)).toEqual([
      StructureWrite_Outcome.OUTCOME_IN_DOUBT,
    ]);
    expect(reply.run).toMatchObject({ attempts: 1, foundAppliedKey: 'queue/q/0' });
    expect(port.casLog.filter((entry) => entry.outcome === 'applied')).toHaveLength(1);
  });

  it('fails with the status, the request field and the limit', async () => {
    const big = failed(
      await answerStructure(
        service(),
        request({ $case: 'queuePush', value: { queue: 'q', element: 'x'.repeat(5000) } }),
      ),
    );
    expect(big.code).toBe(status.INVALID_ARGUMENT);
    expect(big.details).toMatch(/^queue_push\.element: must be at most (\d+) bytes/);
    expect(big.metadata).toEqual({
      'paxoscope-code': 'FIELD',
      'paxoscope-definite': 'true',
      'paxoscope-field': 'queue_push.element',
      'paxoscope-request-id': 'r1',
    });
    const noOp = failed(await answerStructure(service(), request(undefined)));
    expect([noOp.code, noOp.metadata['paxoscope-field']]).toEqual([status.INVALID_ARGUMENT, 'op']);
    const noSets = failed(
      await answerStructure(
        service(),
        request({ $case: 'tableUpdate', value: { table: 't', primaryKey: 'k', conditions: {}, sets: {} } }),
      ),
    );
    expect(noSets.metadata['paxoscope-field']).toBe('table_update.sets');

    const flaky = new FakeKvPort().inject('fail').inject('fail');
    const gaveUp = failed(
      await answerStructure(
        service(flaky),
        request({ $case: 'setAdd', value: { set: 's', member: 'm' } }, 'g', 2),
      ),
    );
    expect(gaveUp.code).toBe(status.ABORTED);
    expect(gaveUp.details).toMatch(/gave up after 2 attempts/);
    expect(gaveUp.metadata).toMatchObject({ 'paxoscope-code': 'GAVE_UP', 'paxoscope-definite': 'false' });

    const corrupt = new FakeKvPort();
    await corrupt.compareAndSet('queue/q/head', 0, utf8ToBytes('not json'), 'w');
    const bad = failed(
      await answerStructure(service(corrupt), request({ $case: 'queuePop', value: { queue: 'q' } })),
    );
    expect(bad.code).toBe(status.FAILED_PRECONDITION);
    expect(bad.details).toMatch(/key "queue\/q\/head" does not hold what it should/);
    expect(bad.metadata['paxoscope-code']).toBe('CORRUPT_VALUE');
  });
});
