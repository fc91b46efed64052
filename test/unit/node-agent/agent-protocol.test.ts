/**
 * Which protocols an agent can run: every registered one with a wire description. A protocol that the
 * simulator runs but that has no wire yet (here QuorumKV with its wire taken away) is refused at start,
 * naming the topology's field, rather than failing on its first message.
 */
import { describe, expect, it, vi } from 'vitest';
import type * as Registry from '../../../app/protocol/registry';
import { protocolNames } from '../../../app/protocol/protocol';
import { UsageError } from '../../../node-agent/kit/cli/flags';
import { agentProtocol } from '../../../node-agent/process/agent-protocol';

vi.mock('../../../app/protocol/registry', async (importOriginal) => {
  const actual = await importOriginal<typeof Registry>();
  return {
    ...actual,
    protocolNamed: (name: Parameters<typeof actual.protocolNamed>[0]) =>
      name === 'quorumkv' ? { ...actual.protocolNamed(name), wire: undefined } : actual.protocolNamed(name),
  };
});

describe('the protocols agents run', () => {
  it('refuses a protocol without a wire description, naming the topology field', () => {
    let refused: unknown = null;
    try {
      agentProtocol('quorumkv');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(UsageError);
    expect((refused as UsageError).field).toBe('protocol');
    expect((refused as UsageError).message).toContain('quorumkv has no wire format for real agents yet');
  });

  it('starts every other registered protocol', () => {
    for (const name of protocolNames.filter((candidate) => candidate !== 'quorumkv')) {
      expect(agentProtocol(name).name).toBe(name);
    }
  });
});
