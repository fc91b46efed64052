import { describe, expect, it } from 'vitest';
import {
  exitCodes,
  isClusterInvocation,
  runClusterCheckCommand,
  type CheckIo,
} from '../../../scripts/check-history';

function io() {
  const printed = { out: '', error: '' };
  const sink: CheckIo = {
    readFile: () => '',
    out: (text) => (printed.out += text),
    error: (text) => (printed.error += text),
    now: () => 0,
  };
  return { printed, sink };
}

describe('npm run check: cluster mode entry', () => {
  it('is chosen by --duration without --history', () => {
    expect(isClusterInvocation(['--duration', '60s', '--nemesis', 'all'])).toBe(true);
    expect(isClusterInvocation(['--duration=60s'])).toBe(true);
    expect(isClusterInvocation(['--history', 'f'])).toBe(false);
    expect(isClusterInvocation(['--history', 'f', '--duration', '5s'])).toBe(false);
  });

  it('rejects bad flags with exit 2, naming the flag, before starting any agent', async () => {
    const { printed, sink } = io();
    expect(await runClusterCheckCommand(['--duration', '60s', '--keys', '0'], sink)).toBe(exitCodes.badInput);
    expect(printed.error).toContain('--keys must be a whole number from 1 to 10000, got "0"');
    expect(printed.error).toContain('usage: npm run check -- --duration D');
  });

  it('prints both modes in its help', async () => {
    const { printed, sink } = io();
    expect(await runClusterCheckCommand(['--duration', '1s', '--help'], sink)).toBe(exitCodes.ok);
    expect(printed.out).toContain('--history FILE');
    expect(printed.out).toContain('--mode M');
  });
});
