/**
 * Safety checks that watch a simulation step by step (tigerbeetle's state checker in spirit):
 * - every record written or read back passes checkRecordInvariants;
 * - at most one value is ever chosen per (key, index), across all nodes and all time, and every
 *   chosen message carries that value;
 * - while it runs, a node never forgets that an index was chosen, nor changes its value;
 * - a node's promised ballot for (key, index) never goes down, across crashes too (it is durable).
 * A wiped disk starts a node afresh (learner-only), so its history restarts there.
 */
import { checkRecordInvariants, compareBallots } from '../../app/paxos';
import type { Ballot, CoreInput, EntryValue, KeyRecord, NodeId, Ready } from '../../app/paxos/types';
import type { WireMessage } from '../../app/simulator/sim-network';
import type { LifecycleChange, SimObserver } from '../../app/simulator/sim-observer';
import { formatBallot, formatValue } from '../../app/simulator/trace-format';

export interface Violation {
  atMs: number;
  invariant: 'record-invariants' | 'one-value-chosen' | 'chosen-stable' | 'promise-monotonic';
  detail: string;
}

/** A value as the trace shows it (request="data"@version), plus every field, so equal means equal. */
function valueIdentity(value: EntryValue): string {
  return `${formatValue(value)} (owner ${value.owner}, deleted ${value.deleted}, bytes ${value.data.join(',')})`;
}

export class SafetyChecker implements SimObserver {
  readonly violations: Violation[] = [];
  /** The value chosen at `key#index`, as first seen anywhere. */
  private readonly chosen = new Map<string, string>();
  /** Per node: `key#index` → value it holds as chosen. */
  private readonly chosenByNode = new Map<NodeId, Map<string, string>>();
  /** Per node: `key#index` → highest promised ballot it has written. */
  private readonly promisedByNode = new Map<NodeId, Map<string, Ballot>>();

  private fail(atMs: number, invariant: Violation['invariant'], detail: string): void {
    if (this.violations.length < 20) this.violations.push({ atMs, invariant, detail });
  }

  onStep(nowMs: number, node: NodeId, _input: CoreInput, ready: Ready): void {
    for (const { record } of ready.persist) this.checkRecord(nowMs, node, record, 'wrote');
  }

  onSend(nowMs: number, wire: WireMessage): void {
    const message = wire.message;
    if (message.type === 'chosen') {
      this.noteChosen(
        nowMs,
        `${message.key}#${message.index}`,
        valueIdentity(message.value),
        `${message.from} sent chosen`,
      );
    }
  }

  onLifecycle(nowMs: number, node: NodeId, change: LifecycleChange): void {
    if (change.kind !== 'start') return;
    // Forgetting an unsynced chosen mark is harmless (the value is learned again), so a restart
    // begins the node's chosen history from what it reads back; promises must survive, unless wiped.
    this.chosenByNode.delete(node);
    if (change.learnerOnly) this.promisedByNode.delete(node);
    for (const record of change.records) this.checkRecord(nowMs, node, record, 'read back');
  }

  private checkRecord(nowMs: number, node: NodeId, record: KeyRecord, how: string): void {
    const problem = checkRecordInvariants(record);
    if (problem) this.fail(nowMs, 'record-invariants', `${node} ${how} ${record.key}: ${problem}`);
    for (const instance of record.instances) {
      const at = `${record.key}#${instance.index}`;
      this.checkPromise(nowMs, node, at, instance.promised, how);
      const held = this.nodeMap(this.chosenByNode, node).get(at);
      if (
        held !== undefined &&
        (!instance.chosen || !instance.value || valueIdentity(instance.value) !== held)
      ) {
        this.fail(
          nowMs,
          'chosen-stable',
          `${node} ${how} ${at} as ${instance.chosen ? 'another value' : 'not chosen'} after it was chosen`,
        );
      }
      if (instance.chosen && instance.value) {
        const identity = valueIdentity(instance.value);
        this.nodeMap(this.chosenByNode, node).set(at, identity);
        this.noteChosen(nowMs, at, identity, `${node} ${how} it chosen`);
      }
    }
  }

  private checkPromise(nowMs: number, node: NodeId, at: string, promised: Ballot, how: string): void {
    const promises = this.nodeMap(this.promisedByNode, node);
    const highest = promises.get(at);
    if (highest && compareBallots(promised, highest) < 0) {
      this.fail(
        nowMs,
        'promise-monotonic',
        `${node} ${how} ${at} promised ${formatBallot(promised)} after ${formatBallot(highest)}`,
      );
      return;
    }
    promises.set(at, promised);
  }

  private noteChosen(nowMs: number, at: string, identity: string, source: string): void {
    const first = this.chosen.get(at);
    if (first === undefined) this.chosen.set(at, identity);
    else if (first !== identity)
      this.fail(nowMs, 'one-value-chosen', `${at}: ${source} ${identity}, but ${first} was chosen`);
  }

  private nodeMap<T>(maps: Map<NodeId, Map<string, T>>, node: NodeId): Map<string, T> {
    let map = maps.get(node);
    if (!map) maps.set(node, (map = new Map()));
    return map;
  }
}
