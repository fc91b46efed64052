import { describe, expect, it } from 'vitest';
import { parseClusterCheckArguments, parseDuration } from '../../../main/harness/cluster-check-options';

describe('cluster check flags', () => {
  it('reads durations in s, ms and m', () => {
    expect(parseDuration('60s')).toBe(60_000);
    expect(parseDuration('1500ms')).toBe(1500);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('5')).toBe(5000);
    expect(() => parseDuration('0.5s')).toThrow('--duration must be from 1s to 1h');
    expect(() => parseDuration('soon')).toThrow('--duration');
  });

  it('fills defaults and takes every flag', () => {
    const options = parseClusterCheckArguments(
      [
        '--duration',
        '10s',
        '--nemesis',
        'kill,cut',
        '--seed',
        '4',
        '--clients',
        '3',
        '--keys',
        '7',
        '--mode',
        'one-replica-read',
      ],
      0,
    );
    expect(options).toMatchObject({
      durationMs: 10_000,
      kinds: ['kill', 'cut'],
      seed: 4,
      clients: 3,
      keys: 7,
      mode: 'one-replica-read',
      attach: null,
      distribution: 'zipfian',
      retryShare: 0.5,
    });
    expect(parseClusterCheckArguments(['--duration', '5s', '--retry-share', '0'], 0)).toMatchObject({
      retryShare: 0,
    });
    const attached = parseClusterCheckArguments(
      [
        '--duration',
        '5s',
        '--nemesis',
        'pause,cut',
        '--attach',
        'n0=127.0.0.1:7401,n1=localhost:7402',
        '--token',
        't',
      ],
      0,
    );
    expect(attached).toMatchObject({ attach: { n0: '127.0.0.1:7401', n1: 'localhost:7402' }, token: 't' });
  });

  it('names the flag and the limit on bad input', () => {
    expect(() => parseClusterCheckArguments(['--duration', '5s', '--clients', '0'], 0)).toThrow(
      '--clients must be a whole number from 1 to 256, got "0"',
    );
    expect(() => parseClusterCheckArguments(['--duration', '5s', '--mode', 'fast'], 0)).toThrow(
      '--mode must be one of paxos, one-replica-read',
    );
    expect(() => parseClusterCheckArguments(['--duration', '5s', '--attach', 'n0'], 0)).toThrow(
      '--attach: each entry must be NODE=HOST:PORT',
    );
    expect(() => parseClusterCheckArguments(['--duration', '5s', '--nemesis', 'flood'], 0)).toThrow(
      '--nemesis: unknown fault kind "flood"',
    );
    expect(() => parseClusterCheckArguments(['--duration', '5s', '--bogus'], 0)).toThrow(/bogus/);
    expect(() => parseClusterCheckArguments(['--duration', '5s', '--retry-share', '1.5'], 0)).toThrow(
      '--retry-share must be a number from 0 to 1, got "1.5"',
    );
    expect(() => parseClusterCheckArguments(['--duration', '5s', '--retry-share', ''], 0)).toThrow(
      '--retry-share must be a number from 0 to 1',
    );
    expect(() => parseClusterCheckArguments(['--duration', '5s', '--attach', 'n0=h:1'], 0)).toThrow(
      '--nemesis: kill, wipe, sigstop act on agent processes, which --attach cannot; name the others (pause,partition,cut,delay)',
    );
  });
});

describe('the protocol of a checked cluster', () => {
  it('is PaxosKV unless --protocol names another for the agents the check starts', () => {
    expect(parseClusterCheckArguments(['--duration', '5s'], 0)).toMatchObject({ protocol: 'paxoskv' });
    expect(parseClusterCheckArguments(['--duration', '5s', '--protocol', 'quorumkv'], 0)).toMatchObject({
      protocol: 'quorumkv',
    });
    expect(() => parseClusterCheckArguments(['--duration', '5s', '--protocol', 'raft'], 0)).toThrow(
      '--protocol must be one of paxoskv, quorumkv',
    );
  });

  it('is not named for attached agents, which run their own topology', () => {
    const attach = ['--attach', 'n0=127.0.0.1:7401', '--nemesis', 'cut', '--protocol', 'quorumkv'];
    expect(() => parseClusterCheckArguments(['--duration', '5s', ...attach], 0)).toThrow(
      '--protocol: attached agents run the protocol of their own topology',
    );
  });
});
