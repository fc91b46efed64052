/**
 * PaxosCertain's safety, watched step by step in a simulation (the sweep and the golden scenarios):
 * - every row written or read back passes the core's own check;
 * - at most one value is ever chosen per (entity, entry), across all nodes and all time, whether a row
 *   or a message says so;
 * - while it runs, a node never changes a chosen record, and its promise at an entry never goes down,
 *   in what it writes and in what is durable on its disk (until a wipe);
 * - persist before reveal: no message carries a promise or an accept its sender has not made durable;
 * - the DB is the same function of the log everywhere: every node's row at committed entry e holds the
 *   same version, value and dedup window.
 */
import type { NodeId } from '../paxos/types';
import type { AnyInput, AnyReady, AnyRecord } from '../protocol/registry';
import type { WireMessage } from '../simulator/sim-network';
import type { LifecycleChange, SimObserver } from '../simulator/sim-observer';
import {
  chosenChange,
  firstSeenOther,
  perNode,
  recordViolation,
  violationsKeptMax,
  type SafetyInvariant,
  type Violation,
} from '../simulator/violation';
import { describeCommand } from '../multipaxos/record';
import { checkCertainRecord } from './record';
import type { CertainMessage, CertainRecord, DbRecord, EntryRecord } from './types';

export type CertainViolation = Violation<SafetyInvariant | 'db-diverged'>;

const isCertainRecord = (record: AnyRecord): record is CertainRecord =>
  'kind' in record && (record.kind === 'plog' || record.kind === 'db') && 'entity' in record;

const isCertainMessage = (message: unknown): message is CertainMessage =>
  (message as { type?: unknown }).type === 'entryState';

/** A chosen value, every field included, so equal means equal (not its ballot: one value may be chosen at several). */
function valueIdentity(record: EntryRecord): string {
  return `${describeCommand(record.value!)} ${JSON.stringify(record.value, (_key, value: unknown) => (value instanceof Uint8Array ? [...value] : value))}`;
}

function dbIdentity(row: DbRecord): string {
  const value = row.value === null ? 'null' : [...row.value].join(',');
  const window = row.requests.map((applied) => `${applied.requestId}@${applied.version}#${applied.index}`);
  return `v${row.version} value ${value} window ${window.join(',')}`;
}

export class CertainSafetyChecker implements SimObserver {
  readonly violations: CertainViolation[] = [];
  /** `key#entry` → the value chosen there, as first seen anywhere. */
  private readonly chosen = new Map<string, string>();
  /** Per node: `key#entry` → its chosen value, since it last started. */
  private readonly chosenByNode = new Map<NodeId, Map<string, string>>();
  private readonly writtenPromises = new Map<NodeId, Map<string, number>>();
  private readonly durablePromises = new Map<NodeId, Map<string, number>>();
  /** Per node: `key#entry` → the durable record's promised and accepted ballots. */
  private readonly durable = new Map<NodeId, Map<string, { promised: number; accepted: number }>>();
  /** `key@committed` → the DB row's state there, as first seen. */
  private readonly dbAt = new Map<string, string>();

  private fail(violation: CertainViolation): void {
    if (this.violations.length < violationsKeptMax) this.violations.push(violation);
  }

  onStep(nowMs: number, node: NodeId, _input: AnyInput, ready: AnyReady): void {
    for (const { record } of ready.persist) {
      if (!isCertainRecord(record)) continue;
      const problem = checkCertainRecord(record);
      if (problem) this.fail(recordViolation(nowMs, node, 'wrote', record.key, problem));
      else if (record.kind === 'plog') {
        const at = `${record.entity}#${record.entry}`;
        this.checkPromise(nowMs, node, at, record.promised, 'promise-monotonic', this.writtenPromises);
      }
    }
  }

  /**
   * What a node holds chosen is judged once it is durable (or sent): a step whose node crashed before
   * its write took effect never happened, its chosen mark included.
   */
  onDurable(nowMs: number, node: NodeId, records: readonly AnyRecord[]): void {
    for (const record of records) {
      if (!isCertainRecord(record)) continue;
      this.checkRow(nowMs, node, record, 'made durable');
      if (record.kind !== 'plog') continue;
      const at = `${record.entity}#${record.entry}`;
      this.checkPromise(nowMs, node, at, record.promised, 'durable-promise-monotonic', this.durablePromises);
      const { promised, accepted } = record;
      perNode(this.durable, node).set(at, { promised, accepted });
    }
  }

  onSend(nowMs: number, wire: WireMessage): void {
    const message = wire.message;
    if (!isCertainMessage(message)) return;
    const { record, from, key, entry } = message;
    const at = `${key}#${entry}`;
    if (record.chosen) this.noteChosen(nowMs, at, record, `${from} sent it chosen`);
    if (record.promised === 0 && record.accepted === 0) return;
    const durable = perNode(this.durable, from).get(at) ?? { promised: 0, accepted: 0 };
    if (record.promised > durable.promised || record.accepted > durable.accepted) {
      this.fail({
        atMs: nowMs,
        invariant: 'revealed-before-durable',
        detail: `${from} sent ${at} promised ${record.promised} accepted ${record.accepted}; its disk holds ${durable.promised}/${durable.accepted}`,
      });
    }
  }

  onLifecycle(nowMs: number, node: NodeId, change: LifecycleChange): void {
    if (change.kind !== 'start') return;
    this.chosenByNode.delete(node);
    this.writtenPromises.delete(node);
    if (change.learnerOnly && change.records.length === 0) {
      this.durablePromises.delete(node);
      this.durable.delete(node);
    }
    for (const record of change.records) {
      if (isCertainRecord(record)) this.checkRow(nowMs, node, record, 'read back');
    }
  }

  private checkRow(nowMs: number, node: NodeId, record: CertainRecord, how: string): void {
    const problem = checkCertainRecord(record);
    if (problem) return this.fail(recordViolation(nowMs, node, how, record.key, problem));
    if (record.kind === 'db') return this.checkDb(nowMs, node, record);
    const at = `${record.entity}#${record.entry}`;
    const held = perNode(this.chosenByNode, node).get(at);
    const identity = record.chosen ? valueIdentity(record) : null;
    const changed = chosenChange(nowMs, `${node} ${how} ${at}`, held, identity, record.chosen);
    if (changed) this.fail(changed);
    if (!record.chosen) return;
    perNode(this.chosenByNode, node).set(at, identity!);
    this.noteChosen(nowMs, at, record, `${node} ${how} it chosen`);
  }

  private checkDb(nowMs: number, node: NodeId, row: DbRecord): void {
    if (row.committed === 0) return;
    const at = `${row.entity}@${row.committed}`;
    const identity = dbIdentity(row);
    const first = firstSeenOther(this.dbAt, at, identity);
    if (first !== null) {
      this.fail({
        atMs: nowMs,
        invariant: 'db-diverged',
        detail: `${node}'s DB row of ${row.entity} at committed entry ${row.committed} is ${identity}; another node's was ${first}`,
      });
    }
  }

  private noteChosen(nowMs: number, at: string, record: EntryRecord, how: string): void {
    const identity = valueIdentity(record);
    const first = firstSeenOther(this.chosen, at, identity);
    if (first !== null) {
      this.fail({
        atMs: nowMs,
        invariant: 'one-value-chosen',
        detail: `${at}: ${how} as ${identity}, but ${first} was chosen`,
      });
    }
  }

  private checkPromise(
    nowMs: number,
    node: NodeId,
    at: string,
    promised: number,
    invariant: 'promise-monotonic' | 'durable-promise-monotonic',
    maps: Map<NodeId, Map<string, number>>,
  ): void {
    const map = perNode(maps, node);
    const before = map.get(at) ?? 0;
    if (promised < before) {
      this.fail({ atMs: nowMs, invariant, detail: `${node} ${at}: promise ${promised} below ${before}` });
    }
    map.set(at, Math.max(before, promised));
  }
}
