import { Metadata, status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../node-agent/kit/cli/flags';
import { parseControlCommand, type ControlCommand } from '../../../node-agent/kit/client/control-command';
import { eventLine } from '../../../node-agent/kit/client/event-line';
import { parseAgentConfig, type AgentConfig } from '../../../node-agent/process/agent-config';
import { tokenCheck } from '../../../node-agent/process/control/control-auth';

function parse(...argv: string[]): ControlCommand {
  const command = parseControlCommand([...argv, '--token', 'cli-test-token-0123']);
  if (command === 'help') throw new Error('help');
  return command;
}

function usageField(...argv: string[]): string {
  try {
    parseControlCommand(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.field;
    throw error;
  }
  throw new Error('no UsageError');
}

describe('control command', () => {
  it('sends cluster-wide faults to every agent, a datacenter id standing for its nodes', () => {
    expect(parse('partition', 'dc1', 'dc2,dc3').action).toMatchObject({
      change: {
        split: {
          sides: [
            ['n0', 'n3'],
            ['n1', 'n4', 'n2', 'n5'],
          ],
        },
      },
    });
    const command = parse('partition', 'dc1', 'n1,n4,n2,n5', '--one-way');
    expect(command.action).toEqual({
      kind: 'fault',
      change: {
        kind: 'partition',
        split: {
          sides: [
            ['n0', 'n3'],
            ['n1', 'n4', 'n2', 'n5'],
          ],
          oneWay: true,
        },
      },
    });
    expect(command.targets.map((node) => node.id)).toEqual(['n0', 'n3', 'n1', 'n4', 'n2', 'n5']);
    expect(command.token).toBe('cli-test-token-0123');
  });

  it('passes link numbers as typed, for the fault model to check', () => {
    const command = parse('link', 'n0', '*', '--drop', '0.25', '--delay=-5', '--node', 'n0');
    expect(command.action).toEqual({
      kind: 'fault',
      change: { kind: 'link', rule: { from: 'n0', to: '*', dropProbability: 0.25, delayMs: -5 } },
    });
    expect(command.targets.map((node) => node.id)).toEqual(['n0']);
  });

  it('asks the sender of a held message, and the paused node itself', () => {
    expect(parse('drop', 'n4:17').targets.map((node) => node.id)).toEqual(['n4']);
    expect(parse('release', 'n4:17').action).toEqual({ kind: 'release', id: 'n4:17', action: 'deliver' });
    expect(parse('pause', 'n2').targets.map((node) => node.id)).toEqual(['n2']);
    expect(parse('hold').action).toEqual({ kind: 'fault', change: { kind: 'hold' } });
  });

  it('sets the protocol pace on every agent; a RATE that is no number is refused by name', () => {
    const command = parse('pace', '0.1');
    expect(command.action).toEqual({ kind: 'pace', rate: 0.1 });
    expect(command.targets).toHaveLength(6);
    expect(usageField('pace', 'slow')).toBe('RATE');
    expect(usageField('pace')).toBe('RATE');
  });

  it('names what is wrong', () => {
    expect(usageField('explode')).toBe('COMMAND');
    expect(usageField('link', 'n0')).toBe('TO');
    expect(usageField('crash')).toBe('--node');
    expect(usageField('status', '--node', 'n9')).toBe('--node');
    expect(usageField('link', 'n0', 'n1', '--drop', 'lots')).toBe('--drop');
    expect(usageField('partition', 'dc1')).toBe('SIDE');
    expect(usageField('status', '--token-file', '/nonexistent/token')).toBe('--token-file');
  });
});

describe('event line', () => {
  it('reads as one line: time, agent, seq, type, message, place and the rest', () => {
    const line = eventLine({
      agent: 'n0',
      seq: 42,
      timeMs: Date.UTC(2026, 0, 1, 12, 0, 1, 234),
      type: 'messageDropped',
      key: 'k',
      index: 3,
      ballot: { counter: 1, role: 2 },
      messageId: 'n0:17',
      messageType: 'accept',
      peer: 'n2',
      reason: 'partition',
    });
    expect(line).toBe(
      '12:00:01.234 n0 #42 messageDropped accept n0:17 → n2 key=k index=3 ballot=b(1,2) reason=partition',
    );
  });

  it('names the peer of a core event and writes every ballot as the trace does', () => {
    const at = { agent: 'n1', seq: 7, timeMs: Date.UTC(2026, 0, 1, 12, 0, 0, 5), key: 'k', index: 3 };
    const ballot = { counter: 1, role: 2 };
    expect(eventLine({ ...at, ballot, type: 'promised', peer: 'n0' })).toBe(
      '12:00:00.005 n1 #7 promised key=k index=3 ballot=b(1,2) peer=n0',
    );
    expect(eventLine({ ...at, ballot, type: 'rejected', by: { counter: 3, role: 0 }, what: 'accept' })).toBe(
      '12:00:00.005 n1 #7 rejected key=k index=3 ballot=b(1,2) by=b(3,0) what=accept',
    );
  });
});

describe('token check', () => {
  const metadataWith = (token?: string) => {
    const metadata = new Metadata();
    if (token !== undefined) metadata.set('paxoscope-token', token);
    return metadata;
  };

  it('refuses a missing or wrong token with UNAUTHENTICATED and passes the right one', () => {
    const check = tokenCheck('the-right-token-123');
    expect(check.refusal(metadataWith())?.code).toBe(status.UNAUTHENTICATED);
    expect(check.refusal(metadataWith('the-wrong-token-12'))?.code).toBe(status.UNAUTHENTICATED);
    expect(check.refusal(metadataWith('the-right-token-123'))).toBeNull();
  });

  it('passes everything when the agent has no token', () => {
    expect(tokenCheck(null).refusal(metadataWith())).toBeNull();
  });
});

describe('agent --token', () => {
  const base = ['--node', 'n0', '--data-dir', '/tmp/paxoscope-unused'];

  it('takes a token of 16 to 256 printable characters, and none means no check', () => {
    expect((parseAgentConfig([...base, '--token', 'a-long-enough-token']) as AgentConfig).token).toBe(
      'a-long-enough-token',
    );
    expect((parseAgentConfig(base) as AgentConfig).token).toBe(process.env.PAXOSCOPE_TOKEN || null);
  });

  it('refuses a short or spaced token naming --token', () => {
    for (const token of ['short', 'has a space in it ok']) {
      expect(() => parseAgentConfig([...base, '--token', token])).toThrow(/^--token: must be 16 to 256/);
    }
  });
});
