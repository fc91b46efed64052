/**
 * What the random-schedule property checks, for one key on three replicas of a CrashWire.
 * After every step: records are well formed, durable promises never go down (until a wipe), at most
 * one value is ever chosen per index and it never changes, and no request id is chosen at two indexes
 * (exactly once). On every reply: a read (or a CAS conflict) never reports a version older than a write
 * acknowledged before the attempt was sent, and all ok replies to one write request report one version.
 * On every restart: a node whose disk was wiped comes back as a voter only after it wrote, synced,
 * that relearning completed (Ready.meta learnerOnly=false).
 * At the end: every attempt that reached a node which did not crash got exactly one reply.
 */
import { expect } from 'vitest';
import { checkRecordInvariants, compareBallots } from '../../app/paxos';
import type { Ballot, ClientReply, EntryValue, NodeId } from '../../app/paxos';
import { text } from '../unit/paxos/wire';
import type { CrashWire } from './crash-wire';

const identity = (value: EntryValue) => {
  const window = value.requests.map((applied) => `${applied.requestId}@${applied.version}#${applied.index}`);
  return `${value.requestId}|${value.owner}|${value.version}|${value.deleted}|${text(value.data)}|${window.join(',')}`;
};

interface Attempt {
  requestId: string;
  kind: string;
  node: NodeId;
  ackedVersionBefore: number;
}

export class ScheduleChecker {
  /** Index → the identity of the value chosen there. */
  readonly chosen = new Map<number, string>();
  /** Request id → the index it was chosen at. */
  private readonly appliedAt = new Map<string, number>();
  private readonly promised = new Map<string, Ballot>();
  /** Per `node requestId`: attempts sent, answered, and lost with a crash of the node. */
  private readonly attempts = new Map<string, { sent: Attempt[]; answered: number; lost: number }>();
  /** Write request id → the version its ok replies reported. */
  private readonly okVersion = new Map<string, number>();
  private ackedVersion = 0;
  /** Nodes wiped and not yet done relearning, as far as their disks know. */
  private readonly relearning = new Set<NodeId>();
  private metaWritesSeen = 0;

  constructor(
    readonly wire: CrashWire,
    readonly key: string,
    readonly replicas: readonly NodeId[],
  ) {}

  afterStep(): void {
    for (; this.metaWritesSeen < this.wire.metaWrites.length; this.metaWritesSeen++) {
      const { node, ready } = this.wire.metaWrites[this.metaWritesSeen]!;
      // Leaving learner-only must reach the disk synced, with the records of the same step.
      expect(ready.mustSync, `${node} cleared learner-only without a sync`).toBe(true);
      if (ready.meta?.learnerOnly === false) this.relearning.delete(node);
    }
    for (const node of this.replicas) {
      const record = this.wire.state(node).records[this.key];
      if (record) expect(checkRecordInvariants(record)).toBeNull();
      for (const instance of record?.instances ?? []) {
        if (instance.chosen && instance.value) this.noteChosen(instance.index, instance.value);
      }
      for (const instance of this.wire.durableRecord(node, this.key)?.instances ?? []) {
        const where = `${node}#${instance.index}`;
        const before = this.promised.get(where);
        if (before) expect(compareBallots(instance.promised, before)).toBeGreaterThanOrEqual(0);
        this.promised.set(where, instance.promised);
      }
    }
  }

  private noteChosen(index: number, value: EntryValue): void {
    const seen = this.chosen.get(index);
    const now = identity(value);
    if (seen !== undefined) expect(now, `the value chosen at #${index}`).toBe(seen);
    this.chosen.set(index, now);
    if (value.requestId === '') return;
    const earlier = this.appliedAt.get(value.requestId);
    if (earlier !== undefined) expect(index, `${value.requestId} chosen again`).toBe(earlier);
    this.appliedAt.set(value.requestId, index);
  }

  /** The node restarted (after losing its disk when `wiped`); `learner` is what it came back as. */
  restarted(node: NodeId, wiped: boolean, learner: boolean): void {
    if (wiped) this.relearning.add(node);
    if (this.relearning.has(node)) expect(learner, `${node} voting before it relearned`).toBe(true);
  }

  /** A wiped disk starts its promises over; that is what learner-only mode is there to make safe. */
  forget(node: NodeId): void {
    for (const where of [...this.promised.keys()])
      if (where.startsWith(`${node}#`)) this.promised.delete(where);
  }

  sent(requestId: string, kind: string, node: NodeId): void {
    const entry = this.attemptsAt(node, requestId);
    entry.sent.push({ requestId, kind, node, ackedVersionBefore: this.ackedVersion });
  }

  /** The node crashed: what it had not answered yet, it never will. */
  crashed(node: NodeId): void {
    for (const [where, entry] of this.attempts) {
      if (where.startsWith(`${node} `)) entry.lost = entry.sent.length - entry.answered;
    }
  }

  onReply(node: NodeId, reply: ClientReply): void {
    const entry = this.attemptsAt(node, reply.requestId);
    const attempt = entry.sent[entry.answered + entry.lost];
    expect(attempt, `a reply to ${reply.requestId} that ${node} never got`).toBeDefined();
    entry.answered += 1;
    if (!attempt) return;
    if (!reply.ok) {
      // A conflict reports a version read like a get: never older than an acknowledged write.
      if (reply.code === 'VERSION_CONFLICT') {
        expect(reply.currentVersion).toBeGreaterThanOrEqual(attempt.ackedVersionBefore);
      }
      return;
    }
    if (attempt.kind === 'get') {
      expect(reply.version).toBeGreaterThanOrEqual(attempt.ackedVersionBefore);
      return;
    }
    const first = this.okVersion.get(reply.requestId);
    if (first !== undefined) expect(reply.version, `ok replies to ${reply.requestId}`).toBe(first);
    this.okVersion.set(reply.requestId, reply.version);
    this.ackedVersion = Math.max(this.ackedVersion, reply.version);
    // Acknowledged (also as dedup): the request's own value is chosen at the index the reply names.
    expect(this.chosen.get(reply.index)?.startsWith(`${reply.requestId}|`)).toBe(true);
  }

  /** Every attempt that reached a node which kept running was answered exactly once. */
  expectAllAnswered(): void {
    for (const [where, entry] of this.attempts) {
      expect(entry.answered + entry.lost, `attempts of ${where}`).toBe(entry.sent.length);
    }
  }

  private attemptsAt(node: NodeId, requestId: string) {
    const where = `${node} ${requestId}`;
    let entry = this.attempts.get(where);
    if (!entry) this.attempts.set(where, (entry = { sent: [], answered: 0, lost: 0 }));
    return entry;
  }
}
