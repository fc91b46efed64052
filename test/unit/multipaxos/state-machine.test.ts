/**
 * The state machine every replica applies chosen slots to: retries, conflicts and retries that come
 * too late are decided here, from the state before the slot, so every replica decides the same.
 */
import { describe, expect, it } from 'vitest';
import { applyCommand } from '../../../app/multipaxos/state-machine';
import type { ClientCommand, KvEntry } from '../../../app/multipaxos';
import type { KvOperation } from '../../../app/paxos/types';

const bytes = (text: string) => new TextEncoder().encode(text);
const command = (requestId: string, operation: KvOperation, arrivedAtVersion = 0): ClientCommand => ({
  kind: 'client',
  tag: `n0/0/${requestId}`,
  requestId,
  operation,
  origin: 'n1',
  attempt: `n1:${requestId}`,
  arrivedAtVersion,
});

describe('multi-Paxos state machine', () => {
  it('applies a request id once: a second slot carrying it is a dedup with the first outcome', () => {
    const kv: Record<string, KvEntry> = {};
    const write = command('r1', { kind: 'put', key: 'k', value: bytes('a') });
    expect(applyCommand(kv, write, 1, 64)).toEqual({ kind: 'written', version: 1 });
    expect(applyCommand(kv, { ...write, attempt: 'n2:9', tag: 'n1/1/2' }, 2, 64)).toEqual({
      kind: 'dedup',
      applied: { requestId: 'r1', version: 1, index: 1 },
    });
    expect(kv.k!.version).toBe(1);
  });

  it('refuses a cas at another version, and a retry the key moved more than the window past', () => {
    const kv: Record<string, KvEntry> = {};
    for (let i = 1; i <= 3; i++)
      applyCommand(kv, command(`w${i}`, { kind: 'put', key: 'k', value: bytes('x') }), i, 2);
    expect(kv.k!.requests.map((request) => request.requestId)).toEqual(['w2', 'w3']);
    const stale = command('c', { kind: 'cas', key: 'k', value: bytes('y'), expectedVersion: 1 }, 3);
    expect(applyCommand(kv, stale, 4, 2)).toEqual({ kind: 'conflict', currentVersion: 3 });
    // Arrived when the key was at version 0: three writes since, one more than the window of two.
    const late = command('w1', { kind: 'put', key: 'k', value: bytes('x') }, 0);
    expect(applyCommand(kv, late, 5, 2)).toEqual({ kind: 'indeterminate', version: 3 });
    expect(applyCommand(kv, { ...late, arrivedAtVersion: 1 }, 6, 2)).toEqual({ kind: 'written', version: 4 });
    expect(applyCommand(kv, command('d', { kind: 'delete', key: 'k' }, 4), 7, 2)).toEqual({
      kind: 'written',
      version: 5,
    });
    expect(kv.k!.value).toBeNull();
  });
});
