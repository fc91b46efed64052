/** The kv command line's structure and image commands: grammar, errors naming the argument, and the port. */
import type { ServiceError } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { ClientErrorCode } from '../../../app/kv/operations';
import { FieldError } from '../../../app/util/field-error';
import { UsageError } from '../../../node-agent/kit/cli/flags';
import { KvCallError, type KvOutcome } from '../../../node-agent/kit/client/kv-client';
import { parseKvCliCommand } from '../../../node-agent/kit/client/kv-command';
import { clusterPort, StoreFailure } from '../../../node-agent/kit/structures/kv-port';
import type { StructureCommand } from '../../../node-agent/kit/structures/structure-command';

function parsed(argv: string[]): StructureCommand {
  const command = parseKvCliCommand(argv);
  if (command === 'help' || command.type !== 'structure') throw new Error('expected a structure command');
  return command;
}

function fieldOf(argv: string[]): string {
  try {
    parseKvCliCommand(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.field;
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('structure commands', () => {
  it('parses queue, set, table and image commands with their options', () => {
    expect(parsed(['qpush', 'jobs', 'build docs', '--request-id', 'r1']).action).toEqual({
      kind: 'qpush',
      queue: 'jobs',
      element: 'build docs',
    });
    const pop = parsed(['--node', 'n2', 'qpop', 'jobs', '--attempts', '4', '--structure-bytes', '300']);
    expect(pop).toMatchObject({ via: 'n2', attemptsMax: 4, structureBytes: 300, requestId: undefined });
    expect(parsed(['tput', 'users', 'ada', 'name=Ada L', 'note=a=b']).action).toEqual({
      kind: 'tput',
      table: 'users',
      primaryKey: 'ada',
      columns: { name: 'Ada L', note: 'a=b' },
    });
    expect(parsed(['tscan', 'users', 'b']).action).toEqual({
      kind: 'tscan',
      table: 'users',
      from: 'b',
      to: undefined,
    });
    expect(
      parsed(['tupdate', 'acct', 'a1', '--if', 'balance=10', 'owner=ada', '--set', 'balance=3']).action,
    ).toEqual({
      kind: 'tupdate',
      table: 'acct',
      primaryKey: 'a1',
      conditions: { balance: '10', owner: 'ada' },
      sets: { balance: '3' },
    });
    expect(parsed(['iget', 'cat.png', '--distance', '3']).action).toEqual({
      kind: 'iget',
      path: 'cat.png',
      distance: 3,
    });
    expect(parseKvCliCommand(['get', 'k'])).toMatchObject({
      type: 'kv',
      operation: { kind: 'get', key: 'k' },
    });
  });

  it.each([
    [['qpush', 'jobs'], 'VALUE'],
    [['qpop'], 'QUEUE'],
    [['sadd', 's', 'm', 'extra'], '(arguments)'],
    [['tput', 't', 'pk'], 'COL=VAL...'],
    [['tput', 't', 'pk', 'novalue'], 'COL=VAL'],
    [['tput', 't', 'pk', 'a=1', 'a=2'], 'COL=VAL'],
    [['tupdate', 't', 'pk', '--if', 'a=1'], '--set'],
    [['tupdate', 't', 'pk', '--if', '--set', 'a=1'], '--if'],
    [['tget', 't', 'pk', '--set', 'a=1'], '--set'],
    [['qpop', 'q', '--attempts', '0'], '--attempts'],
    [['qpop', 'q', '--request-id', 'r'.repeat(201)], '--request-id'],
    [['iget', 'x.png', '--distance', '65'], '--distance'],
    [['qpop', 'q', '--node', 'n9'], '--node'],
    [['qfrob', 'q'], 'COMMAND'],
  ])('names the argument at fault in %j', (argv, field) => {
    expect(fieldOf(argv)).toBe(field);
  });
});

describe('the cluster port', () => {
  const failing = (code: ClientErrorCode | undefined, definite: boolean, extra = {}) => ({
    run: () =>
      Promise.reject(
        new KvCallError([
          {
            nodeId: 'n0',
            error: {} as ServiceError,
            failure: {
              grpcCode: 14,
              coreCode: code,
              message: `${code ?? 'down'}`,
              field: undefined,
              definite,
              currentVersion: undefined,
              replicas: undefined,
              ...extra,
            },
          },
        ]),
      ),
  });
  const value = new Uint8Array([1]);

  it('turns replies and failures into answers, field errors and store failures', async () => {
    const reply = (path: string): { run: () => Promise<KvOutcome> } => ({
      run: async () =>
        ({
          reply: { requestId: 'r', ok: true, version: 7, value: null, index: 7, path, servedBy: 'n1' },
          answeredBy: 'n1',
          failedAttempts: [],
        }) as KvOutcome,
    });
    expect(await clusterPort(reply('fast')).compareAndSet('k', 6, value, 'r')).toEqual({
      kind: 'applied',
      version: 7,
      index: 7,
      path: 'fast',
      servedBy: 'n1',
    });
    expect(await clusterPort(reply('dedup')).compareAndSet('k', 6, value, 'r')).toEqual({
      kind: 'dedup',
      version: 7,
      index: 7,
      servedBy: 'n1',
    });
    const conflict = clusterPort(failing('VERSION_CONFLICT', true, { currentVersion: 9 }));
    expect(await conflict.compareAndSet('k', 6, value, 'r')).toEqual({ kind: 'conflict', currentVersion: 9 });
    const refused = clusterPort(failing('INVALID_ARGUMENT', true, { field: 'value' }));
    await expect(refused.compareAndSet('k', 6, value, 'r')).rejects.toBeInstanceOf(FieldError);
    const down = clusterPort(failing('UNAVAILABLE', false));
    await expect(down.compareAndSet('k', 6, value, 'r')).rejects.toMatchObject({
      definite: false,
      code: 'UNAVAILABLE',
    });
    await expect(down.read('k')).rejects.toBeInstanceOf(StoreFailure);
    await expect(down.read('k')).rejects.toMatchObject({ definite: true });
  });
});
