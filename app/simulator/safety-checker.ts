/**
 * Safety checks that watch a simulation step by step (tigerbeetle's state checker in spirit):
 * - every record written or read back passes checkRecordInvariants;
 * - at most one value is ever chosen per (key, index), across all nodes and all time, and every
 *   chosen message carries that value;
 * - a client request is applied at most once: its id is chosen at one index of its key, never two
 *   (exactly once across retries, replicas and crashes);
 * - while it runs, a node never forgets that an index was chosen, nor changes its value;
 * - a node's promised ballot for (key, index) never goes down: in what it writes while it runs, and
 *   in what is durable on its disk, across crashes too;
 * - a node whose disk was wiped starts as a voter again only after it wrote that relearning completed
 *   (Ready.meta learnerOnly=false), however often it crashes and restarts in between.
 * A wiped disk starts a node afresh (learner-only), so its history restarts there.
 */
import { checkRecordInvariants, compareBallots, formatBallot } from '../paxos';
import { formatValue } from '../paxos/paxos-text';
import type { Ballot, EntryValue, Instance, KeyRecord, NodeId } from '../paxos/types';
import {
  isPaxosMessage,
  isPaxosRecord,
  type AnyInput,
  type AnyReady,
  type AnyRecord,
} from '../protocol/registry';
import type { WireMessage } from './sim-network';
import type { LifecycleChange } from './sim-observer';
import type { RewindableObserver } from './time-travel';
import {
  chosenChange,
  firstSeenOther,
  loadFields,
  perNode,
  recordViolation,
  saveFields,
  violationsKeptMax,
  type Violation,
} from './violation';

/** A value as the trace shows it (request="data"@version), plus every field, so equal means equal. */
function valueIdentity(value: EntryValue): string {
  const window = value.requests.map((applied) => `${applied.requestId}@${applied.version}#${applied.index}`);
  return `${formatValue(value)} (owner ${value.owner}, deleted ${value.deleted}, bytes ${value.data.join(',')}, window ${window.join(',')})`;
}

export class SafetyChecker implements RewindableObserver {
  readonly violations: Violation[] = [];

  /** Its state, for the history's checkpoints (the console rewinds it with the run). */
  save(): unknown {
    return saveFields(this);
  }

  load(saved: unknown): void {
    loadFields(this, saved);
  }
  /** The value chosen at `key#index`, as first seen anywhere. */
  private readonly chosen = new Map<string, string>();
  /** Per node: `key#index` → the value it holds as chosen, since it last started. */
  private readonly chosenByNode = new Map<NodeId, Map<string, string>>();
  /** Per node: `key#index` → the highest promise it has written since it last started. */
  private readonly writtenPromises = new Map<NodeId, Map<string, Ballot>>();
  /** Per node: `key#index` → the highest promise ever durable on its disk (until a wipe). */
  private readonly durablePromises = new Map<NodeId, Map<string, Ballot>>();
  /** `key request` → the index the request was chosen at. */
  private readonly appliedAt = new Map<string, number>();
  /** `key request` already reported as applied twice (every node's copy would repeat it). */
  private readonly appliedTwice = new Set<string>();
  /** Nodes wiped and not yet done relearning, as far as their disks know. */
  private readonly relearning = new Set<NodeId>();

  private fail(violation: Violation): void {
    if (this.violations.length < violationsKeptMax) this.violations.push(violation);
  }

  onStep(nowMs: number, node: NodeId, _input: AnyInput, ready: AnyReady): void {
    for (const { record } of ready.persist) {
      if (isPaxosRecord(record)) this.checkRecord(nowMs, node, record, 'wrote');
    }
    if (ready.meta?.learnerOnly === false) this.relearning.delete(node);
  }

  onDurable(nowMs: number, node: NodeId, records: readonly AnyRecord[]): void {
    for (const record of records) {
      if (!isPaxosRecord(record)) continue;
      for (const instance of record.instances) {
        const at = `${record.key}#${instance.index}`;
        this.checkPromise(nowMs, node, at, instance, 'durable-promise-monotonic', this.durablePromises);
      }
    }
  }

  onSend(nowMs: number, wire: WireMessage): void {
    const message = wire.message;
    if (!isPaxosMessage(message) || message.type !== 'chosen') return;
    this.noteChosen(nowMs, message.key, message.index, message.value, `${message.from} sent chosen`);
  }

  onLifecycle(nowMs: number, node: NodeId, change: LifecycleChange): void {
    if (change.kind !== 'start') return;
    if (change.learnerOnly) this.relearning.add(node);
    else if (this.relearning.has(node)) {
      this.fail({
        atMs: nowMs,
        invariant: 'voter-before-relearned',
        detail: `${node} started as a voter, but it lost its disk and never wrote that relearning completed`,
      });
    }
    // Forgetting an unsynced chosen mark or promise is harmless (nothing revealed it; the durability
    // checker makes sure of that), so a restart begins the node's running history from its disk.
    this.chosenByNode.delete(node);
    this.writtenPromises.delete(node);
    if (change.learnerOnly) this.durablePromises.delete(node);
    for (const record of change.records) {
      if (isPaxosRecord(record)) this.checkRecord(nowMs, node, record, 'read back');
    }
  }

  private checkRecord(nowMs: number, node: NodeId, record: KeyRecord, how: string): void {
    const problem = checkRecordInvariants(record);
    if (problem) this.fail(recordViolation(nowMs, node, how, record.key, problem));
    for (const instance of record.instances) {
      const at = `${record.key}#${instance.index}`;
      this.checkPromise(nowMs, node, at, instance, 'promise-monotonic', this.writtenPromises);
      this.checkChosen(nowMs, node, record.key, instance, how);
    }
  }

  private checkChosen(nowMs: number, node: NodeId, key: string, instance: Instance, how: string): void {
    const at = `${key}#${instance.index}`;
    const held = perNode(this.chosenByNode, node).get(at);
    const value = instance.chosen ? instance.value : null;
    const identity = value ? valueIdentity(value) : null;
    const changed = chosenChange(nowMs, `${node} ${how} ${at}`, held, identity, instance.chosen);
    if (changed) this.fail(changed);
    if (identity === null || value === null) return;
    perNode(this.chosenByNode, node).set(at, identity);
    this.noteChosen(nowMs, key, instance.index, value, `${node} ${how} it chosen`);
  }

  private checkPromise(
    nowMs: number,
    node: NodeId,
    at: string,
    instance: Instance,
    invariant: 'promise-monotonic' | 'durable-promise-monotonic',
    promises: Map<NodeId, Map<string, Ballot>>,
  ): void {
    const highest = perNode(promises, node).get(at);
    if (highest && compareBallots(instance.promised, highest) < 0) {
      const detail = `${node} ${at} promised ${formatBallot(instance.promised)} after ${formatBallot(highest)}`;
      this.fail({ atMs: nowMs, invariant, detail });
      return;
    }
    perNode(promises, node).set(at, instance.promised);
  }

  private noteChosen(nowMs: number, key: string, index: number, value: EntryValue, source: string): void {
    const at = `${key}#${index}`;
    const identity = valueIdentity(value);
    const first = firstSeenOther(this.chosen, at, identity);
    if (first !== null) {
      this.fail({
        atMs: nowMs,
        invariant: 'one-value-chosen',
        detail: `${at}: ${source} ${identity}, but ${first} was chosen`,
      });
    }
    this.noteApplied(nowMs, key, index, value.requestId);
  }

  /** A no-op (empty request id) applies nothing; every other request id may be chosen at one index. */
  private noteApplied(nowMs: number, key: string, index: number, requestId: string): void {
    if (requestId === '') return;
    const where = `${key} ${requestId}`;
    const earlier = this.appliedAt.get(where);
    if (earlier === undefined) this.appliedAt.set(where, index);
    else if (earlier !== index && !this.appliedTwice.has(where)) {
      this.appliedTwice.add(where);
      this.fail({
        atMs: nowMs,
        invariant: 'applied-twice',
        detail: `${requestId} was chosen at ${key}#${earlier} and again at ${key}#${index}`,
      });
    }
  }
}
