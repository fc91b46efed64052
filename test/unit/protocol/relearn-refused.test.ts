/**
 * The verifier's relearn input is part of every protocol's input type; only PaxosKV repairs with it.
 * Every other core refuses it whole: an inputRejected event, nothing persisted, sent or answered.
 */
import { describe, expect, it } from 'vitest';
import { defaultCoreConfig } from '../../../app/paxos';
import type { PlacementGroup } from '../../../app/paxos/types';
import { protocolNamed } from '../../../app/protocol/registry';

const groups: PlacementGroup[] = [{ id: 'g0', members: ['n0', 'n1', 'n2', 'n3', 'n4', 'n5'] }];

describe('relearn on a protocol without the repair', () => {
  for (const name of ['quorumkv', 'multipaxos', 'wpaxos', 'certain'] as const) {
    it(`${name} refuses it naming the field`, () => {
      const core = protocolNamed(name);
      const state = core.createNode(defaultCoreConfig('n0', groups), { seed: 1 });
      const { ready } = core.step(state, { kind: 'relearn', key: 'k1', index: 1 });
      expect(ready.events).toContainEqual(
        expect.objectContaining({
          type: 'inputRejected',
          field: 'kind',
          reason: expect.stringMatching(/PaxosKV/),
        }),
      );
      expect(ready.persist).toEqual([]);
      expect(ready.messages).toEqual([]);
      expect(ready.replies).toEqual([]);
    });
  }

  it('paxoskv takes it', () => {
    const core = protocolNamed('paxoskv');
    const state = core.createNode(defaultCoreConfig('n0', groups), { seed: 1 });
    const { ready } = core.step(state, { kind: 'relearn', key: 'k1', index: 1 });
    expect(ready.events).not.toContainEqual(expect.objectContaining({ type: 'inputRejected' }));
  });
});
