/**
 * The core under random schedules: three replicas of one key, random client operations (some with a
 * deadline, some retried with the same request id on any replica), and a network that delivers, drops
 * and duplicates messages in any order, with ticks, crash-restarts that lose unsynced writes, and
 * wiped disks (the node restarts learner-only, and stays so across crashes until its disk says it has
 * relearned). What is checked is listed in schedule-checker.ts. A failure prints the command that
 * replays it (fc-replay.ts).
 */
import fc from 'fast-check';
import './fc-replay';
import { describe, it } from 'vitest';
import type { KvOperation } from '../../app/paxos';
import { bytes, keyWithReplicas } from '../unit/paxos/wire';
import { CrashWire } from './crash-wire';
import { ScheduleChecker } from './schedule-checker';

const { key, a, b, c } = keyWithReplicas();
const replicas = [a, b, c];

/** How long the caller waits, in ms from now; null when the node's own timeout applies. */
type Patience = number | null;

type Action =
  | { kind: 'put' | 'get' | 'delete'; node: number; patience: Patience }
  | { kind: 'cas'; node: number; expectedVersion: number; patience: Patience }
  | { kind: 'retry'; node: number; pick: number }
  | { kind: 'deliver' | 'drop' | 'duplicate'; pick: number }
  | { kind: 'tick'; ms: number }
  | { kind: 'crash'; node: number }
  | { kind: 'wipe'; node: number };

const node = fc.integer({ min: 0, max: 2 });
const pick = fc.nat();
const patience = fc.option(fc.integer({ min: 0, max: 200 }), { freq: 3 });
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('put', 'get', 'delete'), node, patience }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('cas'), node, expectedVersion: fc.nat(6), patience }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('retry'), node, pick }) },
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('deliver'), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('drop', 'duplicate'), pick }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('tick'), ms: fc.integer({ min: 1, max: 80 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('crash', 'wipe'), node }) },
) as fc.Arbitrary<Action>;

/** A request as its client keeps it, to send it again with the same id, operation and deadline. */
interface Sent {
  requestId: string;
  operation: KvOperation;
  deadlineMs?: number;
}

function operationOf(step: Extract<Action, { patience: Patience }>, requestId: string): KvOperation {
  switch (step.kind) {
    case 'cas':
      return { kind: 'cas', key, value: bytes(requestId), expectedVersion: step.expectedVersion };
    case 'put':
      return { kind: 'put', key, value: bytes(requestId) };
    default:
      return { kind: step.kind, key };
  }
}

function run(actions: Action[]): void {
  const wire = new CrashWire();
  const checker = new ScheduleChecker(wire, key, replicas);
  const requests: Sent[] = [];
  let seq = 0;
  let repliesSeen = 0;
  const send = (at: string, request: Sent) => {
    checker.sent(request.requestId, request.operation.kind, at);
    wire.input(at, { kind: 'client', request });
  };
  const perform = (step: Action) => {
    if (step.kind === 'tick') return wire.tick(step.ms);
    if (step.kind === 'crash' || step.kind === 'wipe') {
      const crashed = replicas[step.node]!;
      // Paxos survives one lost disk at a time: wipe only while no other replica is still relearning.
      const wipe = step.kind === 'wipe' && replicas.every((n) => n === crashed || !wire.state(n).learner);
      checker.crashed(crashed);
      if (wipe) checker.forget(crashed);
      const restarted = wire.crashAndRestart(crashed, { seed: ++seq, wipe });
      return checker.restarted(crashed, wipe, restarted.learner !== null);
    }
    if (step.kind === 'retry') {
      const earlier = requests[step.pick % Math.max(1, requests.length)];
      return earlier && send(replicas[step.node]!, earlier);
    }
    if ('pick' in step) {
      if (wire.inFlight.length === 0) return;
      const message = wire.inFlight[step.pick % wire.inFlight.length]!;
      if (step.kind !== 'duplicate') wire.inFlight.splice(wire.inFlight.indexOf(message), 1);
      if (step.kind !== 'drop') wire.input(message.to, { kind: 'receive', message });
      return;
    }
    const requestId = `q${++seq}`;
    const request: Sent = { requestId, operation: operationOf(step, requestId) };
    if (step.patience !== null) request.deadlineMs = wire.nowMs + step.patience;
    requests.push(request);
    send(replicas[step.node]!, request);
  };
  wire.afterStep = () => {
    checker.afterStep();
    for (; repliesSeen < wire.replies.length; repliesSeen++) {
      const { node: from, reply } = wire.replies[repliesSeen]!;
      checker.onReply(from, reply);
    }
  };
  for (const step of actions) perform(step);
  // Heal: everything is delivered and time passes until every request has been answered.
  const busy = () => replicas.some((n) => Object.keys(wire.state(n).queues).length > 0);
  for (let t = 0; t < 3000 && (busy() || wire.inFlight.length > 0); t += 10) {
    wire.settle();
    wire.tick(10);
  }
  checker.expectAllAnswered();
}

describe('safety under random schedules', () => {
  // About 5 s of CPU; the generous limit is for a loaded 2-core machine, not a speed claim.
  it(
    'one value per index, each request applied once, durable promises, acknowledged writes chosen, no stale reads',
    { timeout: 180_000 },
    () => {
      fc.assert(
        fc.property(fc.array(action, { minLength: 10, maxLength: 150 }), (actions) => run(actions)),
        { numRuns: 150 },
      );
    },
  );
});
