/** Every malformed input is refused whole, naming its field, and leaves the state untouched. */
import { describe, expect, it } from 'vitest';
import { createNodeState, defaultCoreConfig, step } from '../../../app/paxos';
import type { CoreInput, NodeState } from '../../../app/paxos';
import { bytes, groups, keyWithReplicas } from './wire';

const { key, a, b, c } = keyWithReplicas();
const outsider = groups[0]!.members.find((node) => ![a, b, c].includes(node))!;

function busyNode(): NodeState {
  const state = createNodeState(defaultCoreConfig(a, groups), { seed: 1 });
  // Some state worth protecting: a write in flight and a promise on disk.
  step(state, {
    kind: 'client',
    request: { requestId: 'w', operation: { kind: 'put', key, value: bytes('v') } },
  });
  return state;
}

/** Steps a busy node with `input` and checks nothing but the refusal came out and nothing changed. */
function refuse(input: unknown) {
  const state = busyNode();
  const before = structuredClone(state);
  const { ready } = step(state, input as CoreInput);
  expect(state).toEqual(before);
  expect(ready.persist).toEqual([]);
  expect(ready.messages).toEqual([]);
  return ready;
}

const client = (operation: unknown, requestId: unknown = 'r1') => ({
  kind: 'client',
  request: { requestId, operation },
});
const value = { requestId: 'x', owner: b, version: 1, deleted: false, data: bytes('x'), requests: [] };
const peer = (fields: Record<string, unknown>) => ({
  kind: 'receive',
  message: {
    id: `${b}:1`,
    from: b,
    to: a,
    key,
    index: 1,
    type: 'prepare',
    ballot: { counter: 1, role: 2 },
    ...fields,
  },
});

describe('client request validation', () => {
  it.each([
    ['an empty key', client({ kind: 'get', key: '' }), 'operation.key', 'empty'],
    ['a key over keyBytesMax', client({ kind: 'get', key: 'k'.repeat(1025) }), 'operation.key', '1024'],
    [
      'a multi-byte key over keyBytesMax',
      client({ kind: 'get', key: 'é'.repeat(513) }),
      'operation.key',
      '1024',
    ],
    [
      'a value over valueBytesMax',
      client({ kind: 'put', key, value: new Uint8Array(1024 * 1024 + 1) }),
      'operation.value',
      '1048576',
    ],
    ['a value that is not bytes', client({ kind: 'put', key, value: 'text' }), 'operation.value', 'bytes'],
    [
      'a negative expectedVersion',
      client({ kind: 'cas', key, value: bytes('v'), expectedVersion: -1 }),
      'operation.expectedVersion',
      '0',
    ],
    [
      'a fractional expectedVersion',
      client({ kind: 'cas', key, value: bytes('v'), expectedVersion: 1.5 }),
      'operation.expectedVersion',
      'integer',
    ],
    [
      'a missing expectedVersion',
      client({ kind: 'cas', key, value: bytes('v') }),
      'operation.expectedVersion',
      'integer',
    ],
    ['an unknown operation', client({ kind: 'scan', key }), 'operation.kind', 'get, put'],
    ['a missing operation', client(undefined), 'operation', 'object'],
    ['an empty request id', client({ kind: 'get', key }, ''), 'requestId', 'non-empty'],
    ['a numeric request id', client({ kind: 'get', key }, 7), 'requestId', 'string'],
  ])('refuses %s with INVALID_ARGUMENT naming %s', (_name, input, field, limit) => {
    const ready = refuse(input);
    expect(ready.replies).toHaveLength(1);
    expect(ready.replies[0]).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT', field, definite: true });
    const reply = ready.replies[0]!;
    expect(!reply.ok && reply.message).toContain(limit);
  });
});

describe('peer message validation', () => {
  it.each([
    ['an unknown type', peer({ type: 'gossip' }), 'type'],
    ['a message for another node', peer({ to: c }), 'to'],
    ["a sender outside the key's replicas", peer({ from: outsider }), 'from'],
    ['a negative index', peer({ index: -1 }), 'index'],
    ['a fractional index', peer({ index: 1.5 }), 'index'],
    ['index 0 on a prepare', peer({ index: 0 }), 'index'],
    ['a missing ballot', peer({ ballot: undefined }), 'ballot'],
    ['a negative ballot counter', peer({ ballot: { counter: -1, role: 2 } }), 'ballot.counter'],
    ["a ballot with another node's role", peer({ ballot: { counter: 1, role: 3 } }), 'ballot.role'],
    ['a prepare in the fast band', peer({ ballot: { counter: 0, role: 2 } }), 'ballot.counter'],
    ['a fast accept outside the fast band', peer({ type: 'fastAccept', value }), 'ballot.counter'],
    ['an accept without a value', peer({ type: 'accept' }), 'value'],
    [
      'an accept whose value is too large',
      peer({ type: 'accept', value: { ...value, data: new Uint8Array(2 ** 20 + 1) } }),
      'value.data',
    ],
    [
      'a reply without ok',
      peer({ type: 'promise', promised: { counter: 1, role: 2 }, accepted: null, value: null }),
      'ok',
    ],
    ['a probe reply without a header', peer({ type: 'probeReply', readId: 'r', pending: false }), 'header'],
    ['a key scan asking for too much', peer({ type: 'keyScan', afterKey: '', limit: 0 }), 'limit'],
    ['an empty key', peer({ key: '' }), 'key'],
    ['a message that is not an object', { kind: 'receive', message: 'hello' }, 'message'],
  ])('refuses %s with inputRejected naming %s', (_name, input, field) => {
    const ready = refuse(input);
    expect(ready.events).toEqual([expect.objectContaining({ type: 'inputRejected', field })]);
  });

  it("refuses a key outside the node's replicas naming the key", () => {
    const state = createNodeState(defaultCoreConfig(outsider, groups), { seed: 1 });
    const { ready } = step(state, peer({ to: outsider }) as CoreInput);
    expect(ready.events).toEqual([expect.objectContaining({ type: 'inputRejected', field: 'key' })]);
  });
});

describe('input validation', () => {
  it.each([
    ['an unknown input kind', { kind: 'poke' }, 'kind'],
    ['a tick without a finite time', { kind: 'tick', nowMs: Number.NaN }, 'nowMs'],
    ['no input at all', null, 'input'],
  ])('refuses %s naming %s', (_name, input, field) => {
    expect(refuse(input).events).toEqual([expect.objectContaining({ type: 'inputRejected', field })]);
  });
});
