import { describe, expect, it } from 'vitest';
import {
  applyFaultChange,
  canReach,
  healthyFaultState,
  linkRuleFor,
  type FaultChange,
  type FaultState,
} from '../../../app/model/fault-model';
import { changesToRestore } from '../../../renderer/actions/faults';

const nodes = ['n0', 'n1', 'n2', 'n3', 'n4', 'n5'];

function applyAll(state: FaultState, changes: FaultChange[]): FaultState {
  return changes.reduce((current, change) => applyFaultChange(current, change, nodes), state);
}

describe('restoring faults (the undo of heal, partition, cut and link rules)', () => {
  it('rebuilds the same reachability and rules from whatever state the cluster is in now', () => {
    const previous = applyAll(healthyFaultState(), [
      {
        kind: 'partition',
        split: {
          sides: [
            ['n0', 'n3'],
            ['n1', 'n4', 'n2', 'n5'],
          ],
          oneWay: false,
        },
      },
      { kind: 'cut', from: 'n1', to: 'n2' },
      {
        kind: 'link',
        rule: {
          from: 'n2',
          to: '*',
          dropProbability: 0.3,
          delayMs: 200,
          jitterMs: 50,
          duplicateProbability: 0,
        },
      },
    ]);
    const now = applyAll(healthyFaultState(), [{ kind: 'cut', from: 'n5', to: 'n0' }]);
    const restored = applyAll(now, changesToRestore(previous, nodes));
    for (const from of nodes) {
      for (const to of nodes)
        expect(canReach(restored, from, to), `${from}→${to}`).toBe(canReach(previous, from, to));
    }
    expect(linkRuleFor(restored, 'n2', 'n4')).toEqual(linkRuleFor(previous, 'n2', 'n4'));
  });

  it('restores a healthy network to healthy with a single heal', () => {
    expect(changesToRestore(healthyFaultState(), nodes)).toEqual([{ kind: 'heal' }]);
  });
});
