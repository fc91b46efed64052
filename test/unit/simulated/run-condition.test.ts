import { describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../../../app/model/cluster-event';
import { SimulationError } from '../../../app/simulator/inputs';
import { conditionMet, describeCondition, parseRunCondition } from '../../../app/simulator/run-condition';
import { Simulation } from '../../../app/simulator/simulation';

const nodes = ['n0', 'n1', 'n2'];
const state = new Simulation(1).state;
const chosen = {
  agent: 'n2',
  seq: 1,
  timeMs: 5,
  type: 'chosen',
  key: 'k1',
  index: 3,
} as unknown as ClusterEvent;
const backoff = {
  agent: 'n1',
  seq: 2,
  timeMs: 9,
  type: 'backoff',
  key: 'k1',
  index: 1,
} as unknown as ClusterEvent;

describe('run-until conditions', () => {
  it('reads each form and words it back', () => {
    for (const [text, words] of [
      ['until k1#3 is chosen', 'k1#3 is chosen'],
      ['k1 is chosen', 'k1 is chosen'],
      ['n1 times out', 'n1 times out'],
      ['c4 is answered', 'c4 is answered'],
      ['t = 250', 't = 250'],
      ['quiet', 'quiet'],
      ['an invariant breaks', 'an invariant breaks'],
    ]) {
      expect(describeCondition(parseRunCondition(text!, nodes))).toBe(words);
    }
  });

  it('refuses what it cannot read, naming the field', () => {
    for (const bad of ['n9 times out', 'k1#x is chosen', 'soon', 'x'.repeat(201)]) {
      expect(() => parseRunCondition(bad, nodes)).toThrow(SimulationError);
      try {
        parseRunCondition(bad, nodes);
      } catch (error) {
        expect((error as SimulationError).field).toBe('condition');
      }
    }
  });

  it('matches the step that produced the event, and only that one', () => {
    const outcome = (events: ClusterEvent[]) => ({ events, state, violations: 0 });
    expect(conditionMet(parseRunCondition('k1#3 is chosen', nodes), outcome([chosen]))).toBe(true);
    expect(conditionMet(parseRunCondition('k1#2 is chosen', nodes), outcome([chosen]))).toBe(false);
    expect(conditionMet(parseRunCondition('k1 is chosen', nodes), outcome([chosen]))).toBe(true);
    expect(conditionMet(parseRunCondition('n1 times out', nodes), outcome([backoff]))).toBe(true);
    expect(conditionMet(parseRunCondition('n2 times out', nodes), outcome([backoff]))).toBe(false);
    expect(
      conditionMet(parseRunCondition('an invariant breaks', nodes), { ...outcome([]), violations: 1 }),
    ).toBe(true);
  });
});
