import { describe, expect, it } from 'vitest';
import {
  applyFaultChange,
  canReach,
  FaultModelError,
  healthyFaultState,
  isHeld,
  linkRuleFor,
  partitionFromSplit,
  validateFaultChange,
  validateFaultState,
  type FaultState,
} from '../../app/model/fault-model';
import { fieldOf as fieldOfError } from '../support/field-of';

const nodes = ['n0', 'n1', 'n2', 'n3', 'n4', 'n5'];

const fieldOf = (run: () => unknown) => fieldOfError(FaultModelError, run);

function applyAll(changes: unknown[]): FaultState {
  return changes.reduce<FaultState>(
    (state, change) => applyFaultChange(state, validateFaultChange(change, nodes), nodes),
    healthyFaultState(),
  );
}

describe('fault model: validation names the field and the limit', () => {
  it.each([
    [
      { kind: 'link', rule: { from: 'n0', to: 'n1', dropProbability: 1.5 } },
      'rule.dropProbability',
      'at most 1',
    ],
    [
      { kind: 'link', rule: { from: 'n0', to: 'n1', duplicateProbability: -0.1 } },
      'rule.duplicateProbability',
      'at least 0',
    ],
    [{ kind: 'link', rule: { from: 'n0', to: 'n1', delayMs: 60_001 } }, 'rule.delayMs', '60000'],
    [
      { kind: 'link', rule: { from: 'n0', to: 'n1', delayMs: 50_000, jitterMs: 10_001 } },
      'rule.jitterMs',
      'delayMs + jitterMs',
    ],
    [{ kind: 'link', rule: { from: 'n0', to: 'n1', delayMs: 1.5 } }, 'rule.delayMs', 'whole number'],
    [{ kind: 'partition', split: { sides: [['n0']] } }, 'split.sides', 'at least 2 sides'],
    [{ kind: 'partition', split: { sides: [['n0'], []] } }, 'split.sides[1]', 'at least 1 node'],
    [
      { kind: 'partition', split: { sides: [['n0'], ['n0', 'n1']] } },
      'split.sides[1][0]',
      'already on side 0',
    ],
    [{ kind: 'cut', from: 'n0', to: 'n9' }, 'to', 'no node "n9"'],
    [{ kind: 'pause', node: '' }, 'node', 'letters'],
    [{ kind: 'explode' }, 'kind', ''],
  ])('%j → %s', (change, field, words) => {
    const text = fieldOf(() => validateFaultChange(change, nodes));
    expect(text.split(' | ')[0]).toBe(field);
    expect(text).toContain(words);
  });

  it('validates a whole state and fills defaults', () => {
    expect(validateFaultState({})).toEqual(healthyFaultState());
    expect(fieldOf(() => validateFaultState({ links: [{ from: 'n0', to: 'n1', jitterMs: -1 }] }))).toContain(
      'links[0].jitterMs',
    );
  });
});

describe('fault model: applying changes', () => {
  it('a two-way split cuts both directions across sides and keeps links inside a side', () => {
    const reach = partitionFromSplit(
      {
        sides: [
          ['n0', 'n3'],
          ['n1', 'n4', 'n2', 'n5'],
        ],
        oneWay: false,
      },
      nodes,
    );
    const state = { ...healthyFaultState(), reachable: reach };
    expect(canReach(state, 'n0', 'n3')).toBe(true);
    expect(canReach(state, 'n0', 'n1')).toBe(false);
    expect(canReach(state, 'n1', 'n0')).toBe(false);
    expect(canReach(state, 'n2', 'n5')).toBe(true);
  });

  it('a one-way split loses only messages from the earlier side to the later one', () => {
    const state = applyAll([{ kind: 'partition', split: { sides: [['n0'], ['n1']], oneWay: true } }]);
    expect(canReach(state, 'n0', 'n1')).toBe(false);
    expect(canReach(state, 'n1', 'n0')).toBe(true);
    expect(canReach(state, 'n0', 'n2')).toBe(true);
  });

  it('a cut is one directed link, and heal removes cuts and rules but keeps pauses and holds', () => {
    const state = applyAll([
      { kind: 'cut', from: 'n0', to: 'n1' },
      { kind: 'link', rule: { from: '*', to: 'n2', dropProbability: 0.5 } },
      { kind: 'pause', node: 'n4' },
      { kind: 'hold', link: { from: 'n1', to: 'n2' } },
    ]);
    expect(canReach(state, 'n0', 'n1')).toBe(false);
    expect(canReach(state, 'n1', 'n0')).toBe(true);
    expect(canReach(state, 'n0', 'n2')).toBe(true);
    expect(linkRuleFor(state, 'n5', 'n2')?.dropProbability).toBe(0.5);
    expect(linkRuleFor(state, 'n2', 'n5')).toBeNull();
    const healed = applyFaultChange(state, { kind: 'heal' }, nodes);
    expect(canReach(healed, 'n0', 'n1')).toBe(true);
    expect(linkRuleFor(healed, 'n5', 'n2')).toBeNull();
    expect(healed.paused).toEqual(['n4']);
    expect(isHeld(healed, 'n1', 'n2')).toBe(true);
    expect(isHeld(healed, 'n2', 'n1')).toBe(false);
  });

  it('the last matching link rule wins and a rule for the same link replaces the old one', () => {
    const state = applyAll([
      { kind: 'link', rule: { from: '*', to: '*', delayMs: 5 } },
      { kind: 'link', rule: { from: 'n0', to: 'n1', delayMs: 7 } },
      { kind: 'link', rule: { from: 'n0', to: 'n1', delayMs: 9 } },
    ]);
    expect(state.links).toHaveLength(2);
    expect(linkRuleFor(state, 'n0', 'n1')?.delayMs).toBe(9);
    expect(linkRuleFor(state, 'n1', 'n0')?.delayMs).toBe(5);
  });

  it('hold all and unhold all', () => {
    const held = applyAll([{ kind: 'hold' }]);
    expect(isHeld(held, 'n3', 'n5')).toBe(true);
    expect(isHeld(applyFaultChange(held, { kind: 'unhold' }, nodes), 'n3', 'n5')).toBe(false);
  });
});
