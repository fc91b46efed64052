/**
 * The core asserts its invariants where state leaves it: a record before it is written (its shape, and
 * how it may follow the key's previous record), a message before it is sent (it reveals only votes the
 * node holds), and a stored record when a node restarts from it. A failed check is a bug, so it throws
 * an AssertionError instead of being refused like bad input.
 */
import { describe, expect, it } from 'vitest';
import { createNodeState, defaultCoreConfig } from '../../../app/paxos';
import type { Ballot, EntryValue, Instance, KeyRecord, NodeState } from '../../../app/paxos';
import { emptyRecord, freshInstance } from '../../../app/paxos/plog';
import { beginStep, saveRecord, send, type OutgoingMessage } from '../../../app/paxos/ready';
import { AssertionError } from '../../../app/util/assert';
import { thrown } from '../../support/field-of';
import { bytes, groups, keyWithReplicas } from './wire';

const { key, a, b } = keyWithReplicas();
const ballot = (counter: number, role: number): Ballot => ({ counter, role });
const value = (requestId: string): EntryValue => ({
  requestId,
  owner: b,
  version: 1,
  deleted: false,
  data: bytes(requestId),
  requests: [],
});
const instance = (index: number, fields: Partial<Instance> = {}): Instance =>
  Object.assign(freshInstance(index), fields);
const recordWith = (...instances: Instance[]): KeyRecord => ({ ...emptyRecord(key), instances });
const chosenV1 = instance(1, {
  promised: ballot(2, 2),
  accepted: ballot(2, 2),
  value: value('v1'),
  chosen: true,
});

function nodeHolding(record: KeyRecord | null): NodeState {
  return createNodeState(defaultCoreConfig(a, groups), { seed: 1, records: record ? [record] : [] });
}

const assertionOf = (run: () => unknown): string => thrown(AssertionError, run).message;

function saving(held: KeyRecord | null, next: KeyRecord): string {
  const ctx = beginStep(nodeHolding(held));
  return assertionOf(() => saveRecord(ctx, next, true));
}

function sending(held: KeyRecord | null, message: OutgoingMessage): string {
  const ctx = beginStep(nodeHolding(held));
  return assertionOf(() => send(ctx, message));
}

describe('the core asserts a record before it is written', () => {
  it('refuses a malformed record', () => {
    const broken = recordWith(
      instance(1, { promised: ballot(1, 2), accepted: ballot(3, 2), value: value('v') }),
    );
    expect(saving(null, broken)).toMatch(/record ".*" about to be written: .*accepted ballot is above/);
  });

  it('refuses a change that lowers a promise, changes a chosen value or goes back an index', () => {
    expect(
      saving(
        recordWith(instance(2, { promised: ballot(5, 1) })),
        recordWith(instance(2, { promised: ballot(4, 3) })),
      ),
    ).toMatch(/instance 2: its promise was lowered/);
    const other = { ...chosenV1, value: value('v2') };
    expect(saving(recordWith(chosenV1), recordWith(other))).toMatch(/instance 1: its chosen value changed/);
    expect(saving(recordWith(instance(3)), recordWith(instance(2)))).toMatch(
      /newest instance index went back/,
    );
  });

  it('lets a record learn, promise higher and move on', () => {
    const ctx = beginStep(nodeHolding(recordWith(instance(1, { promised: ballot(1, 2) }))));
    saveRecord(ctx, recordWith(instance(1, { promised: ballot(2, 1) })), true);
    saveRecord(ctx, recordWith(chosenV1), false);
    saveRecord(ctx, recordWith(chosenV1, instance(2)), true);
    expect(ctx.persisted.get(key)).toBe(true);
  });

  it('refuses to restart a node from a stored record that breaks the invariants', () => {
    const broken = recordWith(
      instance(1, { promised: ballot(1, 2), accepted: ballot(3, 2), value: value('v') }),
    );
    expect(assertionOf(() => nodeHolding(broken))).toMatch(/records\[".*"\]: .*accepted ballot is above/);
  });
});

describe('the core asserts a message before it is sent', () => {
  const granted = {
    key,
    index: 1,
    ballot: ballot(3, 2),
    promised: ballot(3, 2),
    accepted: null,
    value: null,
  };

  it('refuses a granted promise or accept the node does not hold', () => {
    expect(sending(null, { type: 'promise', to: b, ok: true, ...granted })).toMatch(
      /promise .*#1 to .*: its promise is not held/,
    );
    const promisedOnly = recordWith(instance(1, { promised: ballot(3, 2) }));
    expect(sending(promisedOnly, { type: 'accepted', to: b, ok: true, ...granted })).toMatch(
      /its accept is not held/,
    );
  });

  it('refuses a proposal whose own vote is not held, and a chosen value other than the one held', () => {
    expect(sending(null, { type: 'prepare', to: b, key, index: 1, ballot: ballot(1, 1) })).toMatch(
      /its promise is not held/,
    );
    expect(
      sending(null, { type: 'accept', to: b, key, index: 1, ballot: ballot(1, 1), value: value('v1') }),
    ).toMatch(/its own accept is not held/);
    expect(
      sending(recordWith(chosenV1), {
        type: 'chosen',
        to: b,
        key,
        index: 1,
        ballot: ballot(2, 2),
        value: value('v2'),
      }),
    ).toMatch(/another value than the one held chosen/);
  });

  it('refuses a message to the node itself, and lets refusals and held votes go', () => {
    expect(sending(null, { type: 'getChosen', to: a, key, index: 0 })).toMatch(/sends to another node/);
    const ctx = beginStep(nodeHolding(recordWith(chosenV1)));
    send(ctx, { type: 'promise', to: b, ok: false, ...granted });
    send(ctx, { type: 'chosen', to: b, key, index: 1, ballot: ballot(2, 2), value: value('v1') });
    expect(ctx.messages.map((message) => message.type)).toEqual(['promise', 'chosen']);
  });
});
