/**
 * Safety checks that watch a simulation step by step (tigerbeetle's state checker in spirit):
 * - every record written or read back passes checkRecordInvariants;
 * - at most one value is ever chosen per (key, index), across all nodes and all time, and every
 *   chosen message carries that value;
 * - while it runs, a node never forgets that an index was chosen, nor changes its value;
 * - a node's promised ballot for (key, index) never goes down: in what it writes while it runs, and
 *   in what is durable on its disk, across crashes too.
 * A wiped disk starts a node afresh (learner-only), so its history restarts there.
 */
import { checkRecordInvariants, compareBallots } from '../../app/paxos';
import type {
  Ballot,
  CoreInput,
  EntryValue,
  Instance,
  KeyRecord,
  NodeId,
  Ready,
} from '../../app/paxos/types';
import type { WireMessage } from '../../app/simulator/sim-network';
import type { LifecycleChange, SimObserver } from '../../app/simulator/sim-observer';
import { formatBallot, formatValue } from '../../app/simulator/trace-format';
import { perNode, violationsKeptMax, type Violation } from './violation';

/** A value as the trace shows it (request="data"@version), plus every field, so equal means equal. */
function valueIdentity(value: EntryValue): string {
  return `${formatValue(value)} (owner ${value.owner}, deleted ${value.deleted}, bytes ${value.data.join(',')})`;
}

export class SafetyChecker implements SimObserver {
  readonly violations: Violation[] = [];
  /** The value chosen at `key#index`, as first seen anywhere. */
  private readonly chosen = new Map<string, string>();
  /** Per node: `key#index` → the value it holds as chosen, since it last started. */
  private readonly chosenByNode = new Map<NodeId, Map<string, string>>();
  /** Per node: `key#index` → the highest promise it has written since it last started. */
  private readonly writtenPromises = new Map<NodeId, Map<string, Ballot>>();
  /** Per node: `key#index` → the highest promise ever durable on its disk (until a wipe). */
  private readonly durablePromises = new Map<NodeId, Map<string, Ballot>>();

  private fail(violation: Violation): void {
    if (this.violations.length < violationsKeptMax) this.violations.push(violation);
  }

  onStep(nowMs: number, node: NodeId, _input: CoreInput, ready: Ready): void {
    for (const { record } of ready.persist) this.checkRecord(nowMs, node, record, 'wrote');
  }

  onDurable(nowMs: number, node: NodeId, records: readonly KeyRecord[]): void {
    for (const record of records) {
      for (const instance of record.instances) {
        const at = `${record.key}#${instance.index}`;
        this.checkPromise(nowMs, node, at, instance, 'durable-promise-monotonic', this.durablePromises);
      }
    }
  }

  onSend(nowMs: number, wire: WireMessage): void {
    const message = wire.message;
    if (message.type !== 'chosen') return;
    const identity = valueIdentity(message.value);
    this.noteChosen(nowMs, `${message.key}#${message.index}`, identity, `${message.from} sent chosen`);
  }

  onLifecycle(nowMs: number, node: NodeId, change: LifecycleChange): void {
    if (change.kind !== 'start') return;
    // Forgetting an unsynced chosen mark or promise is harmless (nothing revealed it; the durability
    // checker makes sure of that), so a restart begins the node's running history from its disk.
    this.chosenByNode.delete(node);
    this.writtenPromises.delete(node);
    if (change.learnerOnly) this.durablePromises.delete(node);
    for (const record of change.records) this.checkRecord(nowMs, node, record, 'read back');
  }

  private checkRecord(nowMs: number, node: NodeId, record: KeyRecord, how: string): void {
    const problem = checkRecordInvariants(record);
    if (problem) {
      this.fail({
        atMs: nowMs,
        invariant: 'record-invariants',
        detail: `${node} ${how} ${record.key}: ${problem}`,
      });
    }
    for (const instance of record.instances) {
      const at = `${record.key}#${instance.index}`;
      this.checkPromise(nowMs, node, at, instance, 'promise-monotonic', this.writtenPromises);
      this.checkChosen(nowMs, node, at, instance, how);
    }
  }

  private checkChosen(nowMs: number, node: NodeId, at: string, instance: Instance, how: string): void {
    const held = perNode(this.chosenByNode, node).get(at);
    const identity = instance.chosen && instance.value ? valueIdentity(instance.value) : null;
    if (held !== undefined && identity !== held) {
      const now = instance.chosen ? 'another value' : 'not chosen';
      this.fail({
        atMs: nowMs,
        invariant: 'chosen-stable',
        detail: `${node} ${how} ${at} as ${now} after it was chosen`,
      });
    }
    if (identity === null) return;
    perNode(this.chosenByNode, node).set(at, identity);
    this.noteChosen(nowMs, at, identity, `${node} ${how} it chosen`);
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

  private noteChosen(nowMs: number, at: string, identity: string, source: string): void {
    const first = this.chosen.get(at);
    if (first === undefined) this.chosen.set(at, identity);
    else if (first !== identity) {
      this.fail({
        atMs: nowMs,
        invariant: 'one-value-chosen',
        detail: `${at}: ${source} ${identity}, but ${first} was chosen`,
      });
    }
  }
}
