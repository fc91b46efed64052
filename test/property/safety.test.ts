/**
 * The core under random schedules: three replicas of one key, random client operations, and a
 * network that delivers, drops and duplicates messages in any order, with ticks, crash-restarts and
 * wiped disks (the node restarts learner-only).
 * After every step: records are well formed, durable promises never go down, at most one value is
 * ever chosen per index and it never changes, also across a lost disk. At the end: every request got one reply, every
 * acknowledged write is chosen at its index, and no read (nor CAS conflict) reported a version older
 * than a write acknowledged before the request began.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRecordInvariants, compareBallots } from '../../app/paxos';
import type { Ballot, ClientReply, EntryValue } from '../../app/paxos';
import { bytes, keyWithReplicas, text, Wire } from '../unit/paxos/wire';

const { key, a, b, c } = keyWithReplicas();
const replicas = [a, b, c];

type Action =
  | { kind: 'put' | 'get' | 'delete'; node: number }
  | { kind: 'cas'; node: number; expectedVersion: number }
  | { kind: 'deliver' | 'drop' | 'duplicate'; pick: number }
  | { kind: 'tick'; ms: number }
  | { kind: 'crash'; node: number }
  | { kind: 'wipe'; node: number };

const node = fc.integer({ min: 0, max: 2 });
const pick = fc.nat();
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('put', 'get', 'delete'), node }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cas'), node, expectedVersion: fc.nat(6) }) },
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('deliver'), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('drop', 'duplicate'), pick }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('tick'), ms: fc.integer({ min: 1, max: 80 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('crash', 'wipe'), node }) },
) as fc.Arbitrary<Action>;

const identity = (value: EntryValue) =>
  `${value.requestId}|${value.owner}|${value.version}|${value.deleted}|${text(value.data)}`;

class Checker {
  readonly chosen = new Map<number, string>();
  readonly promised = new Map<string, Ballot>();
  readonly issued = new Map<string, { kind: string; node: string; ackedVersionBefore: number }>();
  /** Requests whose node crashed before answering: the client never hears back. */
  readonly lost = new Set<string>();
  ackedVersion = 0;
  constructor(readonly wire: Wire) {}

  afterStep(): void {
    for (const node of replicas) {
      const record = this.wire.state(node).records[key];
      if (record) expect(checkRecordInvariants(record)).toBeNull();
      for (const instance of record?.instances ?? []) {
        if (instance.chosen && instance.value) {
          const seen = this.chosen.get(instance.index);
          const now = identity(instance.value);
          if (seen !== undefined) expect(now).toBe(seen);
          this.chosen.set(instance.index, now);
        }
      }
      for (const instance of this.wire.disks.get(node)?.get(key)?.instances ?? []) {
        const where = `${node}#${instance.index}`;
        const before = this.promised.get(where);
        if (before) expect(compareBallots(instance.promised, before)).toBeGreaterThanOrEqual(0);
        this.promised.set(where, instance.promised);
      }
    }
  }

  /** A wiped disk starts its promises over; that is what learner-only mode is there to make safe. */
  forget(node: string): void {
    for (const where of [...this.promised.keys()])
      if (where.startsWith(`${node}#`)) this.promised.delete(where);
  }

  onReply(reply: ClientReply): void {
    const request = this.issued.get(reply.requestId);
    if (!request) return;
    if (!reply.ok) {
      // A conflict reports a version read like a get: never older than an acknowledged write.
      if (reply.code === 'VERSION_CONFLICT') {
        expect(reply.currentVersion).toBeGreaterThanOrEqual(request.ackedVersionBefore);
      }
      return;
    }
    if (request.kind === 'get') {
      expect(reply.version).toBeGreaterThanOrEqual(request.ackedVersionBefore);
    } else if (reply.path !== 'dedup') {
      this.ackedVersion = Math.max(this.ackedVersion, reply.version);
    }
  }
}

function run(actions: Action[]): void {
  const wire = new Wire();
  const checker = new Checker(wire);
  let seq = 0;
  let repliesSeen = 0;
  const perform = (step: Action) => {
    if (step.kind === 'tick') return wire.tick(step.ms);
    if (step.kind === 'crash' || step.kind === 'wipe') {
      const crashed = replicas[step.node]!;
      // Paxos survives one lost disk at a time: wipe only while no other replica is still relearning.
      const wipe = step.kind === 'wipe' && replicas.every((n) => n === crashed || !wire.state(n).learner);
      const answered = new Set(wire.replies.map(({ reply }) => reply.requestId));
      for (const [id, request] of checker.issued) {
        if (request.node === crashed && !answered.has(id)) checker.lost.add(id);
      }
      if (wipe) checker.forget(crashed);
      return void wire.start(crashed, { seed: ++seq, wipe, learnerOnly: wipe });
    }
    if ('pick' in step) {
      if (wire.inFlight.length === 0) return;
      const message = wire.inFlight[step.pick % wire.inFlight.length]!;
      if (step.kind !== 'duplicate') wire.inFlight.splice(wire.inFlight.indexOf(message), 1);
      if (step.kind !== 'drop') wire.input(message.to, { kind: 'receive', message });
      return;
    }
    const requestId = `q${++seq}`;
    const at = replicas[step.node]!;
    checker.issued.set(requestId, { kind: step.kind, node: at, ackedVersionBefore: checker.ackedVersion });
    if (step.kind === 'cas') {
      wire.request(
        at,
        { kind: 'cas', key, value: bytes(requestId), expectedVersion: step.expectedVersion },
        requestId,
      );
    } else if (step.kind === 'put') wire.put(at, key, requestId, requestId);
    else wire.request(at, { kind: step.kind, key }, requestId);
  };
  wire.afterStep = () => {
    checker.afterStep();
    for (; repliesSeen < wire.replies.length; repliesSeen++)
      checker.onReply(wire.replies[repliesSeen]!.reply);
  };
  for (const step of actions) perform(step);
  // Heal: everything is delivered and time passes until every request has been answered.
  const busy = () => replicas.some((n) => Object.keys(wire.state(n).queues).length > 0);
  for (let t = 0; t < 3000 && (busy() || wire.inFlight.length > 0); t += 10) {
    wire.settle();
    wire.tick(10);
  }
  const answered = wire.replies.map(({ reply }) => reply.requestId).filter((id) => checker.issued.has(id));
  const expected = [...checker.issued.keys()].filter((id) => !checker.lost.has(id));
  expect(answered.filter((id) => !checker.lost.has(id)).sort()).toEqual(expected.sort());
  for (const { reply } of wire.replies) {
    const request = checker.issued.get(reply.requestId);
    if (!reply.ok || !request || request.kind === 'get' || reply.path === 'dedup') continue;
    expect(checker.chosen.get(reply.index)?.startsWith(`${reply.requestId}|`)).toBe(true);
  }
}

describe('safety under random schedules', () => {
  // About 5 s of CPU; the generous limit is for a loaded 2-core machine, not a speed claim.
  it(
    'one value per index, durable promises, acknowledged writes chosen, no stale reads',
    { timeout: 180_000 },
    () => {
      fc.assert(
        fc.property(fc.array(action, { minLength: 10, maxLength: 150 }), (actions) => run(actions)),
        { numRuns: 150 },
      );
    },
  );
});
