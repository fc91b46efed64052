import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../node-agent/kit/cli/flags';
import { parseKvCommand } from '../../../node-agent/kit/client/kv-command';
import { describeValue, exitCodeOf } from '../../../node-agent/kit/client/kv-output';
import type { KvFailure } from '../../../node-agent/kit/grpc/kv-failure';

function fieldOf(argv: string[]): string {
  try {
    parseKvCommand(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.field;
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('the KV command line', () => {
  it('parses each command into an operation', () => {
    const cas = parseKvCommand(['cas', 'k', '3', 'v', '--node', 'n2', '--request-id', 'r1']);
    expect(cas).not.toBe('help');
    if (cas === 'help') return;
    expect(cas.operation).toEqual({
      kind: 'cas',
      key: 'k',
      value: new TextEncoder().encode('v'),
      expectedVersion: 3,
    });
    expect(cas.requestId).toBe('r1');
    expect(cas.via).toBe('n2');
    const get = parseKvCommand(['get', 'k', '--base-port', '9000']);
    expect(get !== 'help' && get.topology.datacenters[0]!.miniClusters[0]!.nodes[0]!.port).toBe(9000);
  });

  it.each([
    [['frobnicate', 'k'], 'COMMAND'],
    [[], 'COMMAND'],
    [['put', 'k'], 'VALUE'],
    [['get', 'k', 'extra'], '(arguments)'],
    [['cas', 'k', '1.5', 'v'], 'EXPECTED_VERSION'],
    [['cas', 'k', 'two', 'v'], 'EXPECTED_VERSION'],
    [['get', 'k', '--node', 'n9'], '--node'],
    [['get', 'k', '--timeout-ms', '0'], '--timeout-ms'],
  ])('names the argument at fault in %j', (argv, field) => {
    expect(fieldOf(argv)).toBe(field);
  });

  it('maps failures to exit codes: 1 conflict, 2 bad input, 3 worth retrying', () => {
    const failure = (grpcCode: status, coreCode?: KvFailure['coreCode']): KvFailure => ({
      grpcCode,
      coreCode,
      message: '',
      field: undefined,
      definite: undefined,
      currentVersion: undefined,
      replicas: undefined,
    });
    expect(exitCodeOf(failure(status.ABORTED, 'VERSION_CONFLICT'))).toBe(1);
    expect(exitCodeOf(failure(status.INVALID_ARGUMENT, 'INVALID_ARGUMENT'))).toBe(2);
    expect(exitCodeOf(failure(status.ABORTED, 'PREEMPTED'))).toBe(3);
    expect(exitCodeOf(failure(status.UNAVAILABLE))).toBe(3);
    expect(exitCodeOf(failure(status.DEADLINE_EXCEEDED))).toBe(3);
  });

  it('shows text values quoted and binary values in hex, long ones cut with their size', () => {
    expect(describeValue(new TextEncoder().encode('hi "there"'))).toBe('"hi \\"there\\""');
    expect(describeValue(Uint8Array.from([0xff, 0x00]))).toBe('0xff00');
    expect(describeValue(new Uint8Array(300).fill(97))).toMatch(/… \(300 bytes\)$/);
  });
});
