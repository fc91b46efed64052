import { describe, expect, it } from 'vitest';
import { protocolNames } from '../../../app/protocol/protocol';
import { parseStoreBenchOptions, type StoreBenchOptions } from '../../../bench/store/bench-options';
import { UsageError } from '../../../node-agent/kit/cli/flags';

const protocolsOf = (argv: string[]) => (parseStoreBenchOptions(argv) as StoreBenchOptions).protocols;

describe('bench:store options', () => {
  it('defaults to the issue protocol: 10 s cells, 10,000 keys, three agents', () => {
    expect(parseStoreBenchOptions([])).toEqual({
      measureMs: 10_000,
      warmupMs: 2000,
      keyCount: 10_000,
      agents: 3,
      fsyncSamples: 2000,
      protocols: ['paxoskv'],
      rows: { kv: true, queue: true },
    });
  });

  it('--rows takes kv, queue or both, and refuses anything else naming the flag', () => {
    const rowsOf = (argv: string[]) => {
      const options = parseStoreBenchOptions(argv);
      return options === 'help' ? null : options.rows;
    };
    expect(rowsOf(['--rows', 'queue'])).toEqual({ kv: false, queue: true });
    expect(rowsOf(['--rows', 'kv'])).toEqual({ kv: true, queue: false });
    expect(rowsOf(['--rows', 'queue,kv'])).toEqual({ kv: true, queue: true });
    expect(() => parseStoreBenchOptions(['--rows', 'queues'])).toThrow(/--rows.*kv, queue or both/);
  });

  it('--protocol takes one registered protocol, a comma list, or all', () => {
    expect(protocolsOf(['--protocol', 'quorumkv'])).toEqual(['quorumkv']);
    expect(protocolsOf(['--protocol', 'multipaxos,paxoskv'])).toEqual(['multipaxos', 'paxoskv']);
    expect(protocolsOf(['--protocol', 'all'])).toEqual([...protocolNames]);
    expect(() => parseStoreBenchOptions(['--protocol', 'raft'])).toThrow(
      /--protocol.*"raft" is not a protocol/,
    );
    expect(() => parseStoreBenchOptions(['--protocol', 'paxoskv,paxoskv'])).toThrow(/--protocol.*twice/);
  });

  it('--quick shortens everything, and explicit flags still win', () => {
    expect(parseStoreBenchOptions(['--quick'])).toMatchObject({
      measureMs: 2000,
      warmupMs: 500,
      keyCount: 1000,
    });
    expect(
      parseStoreBenchOptions(['--quick', '--seconds', '15', '--keys', '5000', '--agents', '6']),
    ).toMatchObject({
      measureMs: 15_000,
      keyCount: 5000,
      agents: 6,
    });
  });

  it('answers help', () => {
    expect(parseStoreBenchOptions(['--help'])).toBe('help');
  });

  it.each([
    [['--seconds', '0'], '--seconds', 'from 1 to 600'],
    [['--seconds', 'ten'], '--seconds', 'got "ten"'],
    [['--keys', '50'], '--keys', 'from 100 to 1000000'],
    [['--agents', '5'], '--agents', 'must be one of 3, 6'],
    [['--warmup-ms', '70000'], '--warmup-ms', 'from 0 to 60000'],
    [['--fast'], '--fast', 'unknown flag'],
  ])('refuses %j naming the flag', (argv, field, text) => {
    let caught: unknown;
    try {
      parseStoreBenchOptions(argv);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as UsageError).field).toBe(field);
    expect((caught as UsageError).message).toContain(text);
  });
});
