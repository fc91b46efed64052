/**
 * StructureService on six real agents, as any gRPC client calls it: each queue, set and table
 * operation through the service, a retried request id applied once (on the same agent and on another),
 * and bad input answered INVALID_ARGUMENT naming the request's field and the limit.
 */
import { credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { afterAll, describe, expect, it } from 'vitest';
import {
  StructureServiceClient,
  StructureWrite_Outcome,
  TableUpdateResult_Outcome,
  type StructureReply,
  type StructureRequest,
} from '../../app/proto/generated/structures';
import { callUnary } from '../../node-agent/kit/grpc/unary-call';
import { useTestCluster } from '../support/test-cluster';

const testCluster = useTestCluster('structure-service');
const clients = new Map<string, StructureServiceClient>();
afterAll(() => {
  for (const client of clients.values()) client.close();
});

/** One call to `nodeId`'s StructureService (default: the second agent). */
function run(
  op: StructureRequest['op'],
  requestId = '',
  nodeId = testCluster().nodeIds[1]!,
): Promise<StructureReply> {
  let client = clients.get(nodeId);
  if (!client) {
    client = new StructureServiceClient(testCluster().cluster.address(nodeId), credentials.createInsecure());
    clients.set(nodeId, client);
  }
  return callUnary(client.run.bind(client), { requestId, attemptsMax: 0, op }, { timeoutMs: 20_000 });
}

const result = (reply: StructureReply) => reply.result?.value;
const ownWrites = (reply: StructureReply) => reply.run!.writes.filter((write) => !write.housekeeping);

describe('StructureService on real agents', () => {
  it('pushes, peeks, pops and counts a queue; a retried push and pop apply once', async () => {
    const push = (element: string, id: string, nodeId?: string) =>
      run({ $case: 'queuePush', value: { queue: 'jobs', element } }, id, nodeId);
    const pushed = await push('a', 'push-a');
    expect(result(pushed)).toEqual({ segment: 0, slot: 0 });
    const [write] = ownWrites(pushed);
    expect(write).toMatchObject({ key: 'queue/jobs/0', outcome: StructureWrite_Outcome.OUTCOME_APPLIED });
    expect(write!.index).toBeGreaterThan(0);
    expect(pushed.requestId).toBe('push-a');
    // The same request id again, through another agent: the element is not pushed twice.
    const again = await push('a', 'push-a', testCluster().nodeIds[4]);
    expect(result(again)).toEqual({ segment: 0, slot: 0 });
    expect(again.run!.foundAppliedKey).toBe('queue/jobs/0');
    expect(ownWrites(again)).toHaveLength(0);
    expect(result(await push('b', 'push-b'))).toEqual({ segment: 0, slot: 1 });
    const length = await run({ $case: 'queueLength', value: { queue: 'jobs' } });
    expect(result(length)).toEqual({ length: 2, firstSegment: 0, lastSegment: 0 });
    const peek = await run({ $case: 'queuePeek', value: { queue: 'jobs' } });
    expect(result(peek)).toMatchObject({ found: true, value: 'a' });
    const pop = () => run({ $case: 'queuePop', value: { queue: 'jobs' } }, 'pop-1');
    expect(result(await pop())).toMatchObject({ found: true, value: 'a' });
    // A retried pop answers the element it took, and takes no other.
    expect(result(await pop())).toMatchObject({ found: true, value: 'a' });
    expect(result(await run({ $case: 'queuePop', value: { queue: 'jobs' } }))).toMatchObject({ value: 'b' });
    const empty = await run({ $case: 'queuePop', value: { queue: 'jobs' } });
    expect(result(empty)).toEqual({ found: false, value: '', position: undefined });
    expect(empty.requestId).not.toBe('');
  });

  it('adds, checks, lists and removes set members', async () => {
    const member = (member: string) => ({ set: 'tags', member });
    expect(result(await run({ $case: 'setAdd', value: member('red') }, 'add-red'))).toBe(true);
    expect(result(await run({ $case: 'setAdd', value: member('red') }, 'add-red'))).toBe(true);
    expect(result(await run({ $case: 'setAdd', value: member('red') }))).toBe(false);
    expect(result(await run({ $case: 'setAdd', value: member('blue') }))).toBe(true);
    expect(result(await run({ $case: 'setContains', value: member('red') }))).toBe(true);
    const members = await run({ $case: 'setMembers', value: { set: 'tags' } });
    expect(result(members)).toEqual({ members: ['blue', 'red'] });
    expect(members.run!.reads).toBe(16);
    expect(result(await run({ $case: 'setRemove', value: member('red') }))).toBe(true);
    expect(result(await run({ $case: 'setRemove', value: member('red') }))).toBe(false);
    expect(result(await run({ $case: 'setContains', value: member('red') }))).toBe(false);
  });

  it('puts, gets, updates, scans and deletes table rows', async () => {
    const put = (primaryKey: string, columns: Record<string, string>) =>
      run({ $case: 'tablePut', value: { table: 'users', primaryKey, columns } });
    expect(result(await put('ada', { name: 'Ada', role: 'admin' }))).toBe(true);
    expect(result(await put('bob', { name: 'Bob' }))).toBe(true);
    expect(result(await put('bob', { name: 'Bob', role: 'dev' }))).toBe(false);
    const got = await run({ $case: 'tableGet', value: { table: 'users', primaryKey: 'ada' } });
    expect(result(got)).toMatchObject({ found: true, row: { columns: { name: 'Ada', role: 'admin' } } });
    const update = (conditions: Record<string, string>) =>
      run({
        $case: 'tableUpdate',
        value: { table: 'users', primaryKey: 'ada', conditions, sets: { role: 'owner' } },
      });
    expect(result(await update({ role: 'admin' }))).toEqual({
      outcome: TableUpdateResult_Outcome.OUTCOME_UPDATED,
      mismatches: [],
    });
    expect(result(await update({ role: 'admin' }))).toEqual({
      outcome: TableUpdateResult_Outcome.OUTCOME_CONDITION_NOT_MET,
      mismatches: [{ column: 'role', expected: 'admin', present: true, found: 'owner' }],
    });
    const scan = await run({ $case: 'tableScan', value: { table: 'users', from: 'a', to: 'b' } });
    expect(result(scan)).toMatchObject({ rows: [{ primaryKey: 'ada', columns: { role: 'owner' } }] });
    const del = () => run({ $case: 'tableDelete', value: { table: 'users', primaryKey: 'bob' } });
    expect(result(await del())).toBe(true);
    expect(result(await del())).toBe(false);
    const all = await run({ $case: 'tableScan', value: { table: 'users', from: '', to: '' } });
    expect(result(all)).toMatchObject({ rows: [{ primaryKey: 'ada' }] });
  });

  it('refuses bad input with the field and the limit', async () => {
    const refusal = async (request: Promise<StructureReply>) => {
      const error = (await request.then(
        () => null,
        (e: unknown) => e,
      )) as ServiceError;
      const meta = (key: string) => (error.metadata as Metadata).get(key)[0];
      return { code: error.code, details: error.details, field: meta('paxoscope-field') };
    };
    const big = 'x'.repeat(70_000);
    expect(await refusal(run({ $case: 'queuePush', value: { queue: 'jobs', element: big } }))).toMatchObject({
      code: status.INVALID_ARGUMENT,
      field: 'queue_push.element',
      details: expect.stringMatching(/^queue_push\.element: must be at most \d+ bytes/),
    });
    expect(
      await refusal(run({ $case: 'tableGet', value: { table: 'users', primaryKey: '' } })),
    ).toMatchObject({
      code: status.INVALID_ARGUMENT,
      field: 'table_get.primary_key',
    });
    expect(await refusal(run(undefined))).toMatchObject({ code: status.INVALID_ARGUMENT, field: 'op' });
    expect(
      await refusal(run({ $case: 'queuePop', value: { queue: 'jobs' } }, 'r'.repeat(201))),
    ).toMatchObject({
      code: status.INVALID_ARGUMENT,
      field: 'request_id',
      details: expect.stringContaining('200'),
    });
  });
});
