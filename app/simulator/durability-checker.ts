/**
 * Persist before send: every promise or acceptance a node reveals in a reply must already be on its
 * disk, synced, when the reply leaves. It mirrors each node's durable records from the simulation's
 * onDurable reports and checks every granting promise, accepted and fastAccepted reply against them.
 */
import { compareBallots, formatBallot } from '../paxos';
import type { Ballot, KeyRecord, NodeId, PeerMessage } from '../paxos/types';
import { isPaxosMessage, isPaxosRecord, type AnyRecord } from '../protocol/registry';
import type { WireMessage } from './sim-network';
import type { LifecycleChange } from './sim-observer';
import type { RewindableObserver } from './time-travel';
import { loadFields, perNode, saveFields, violationsKeptMax, type Violation } from './violation';

export class DurabilityChecker implements RewindableObserver {
  readonly violations: Violation[] = [];

  /** Its state, for the history's checkpoints (the console rewinds it with the run). */
  save(): unknown {
    return saveFields(this);
  }

  load(saved: unknown): void {
    loadFields(this, saved);
  }
  /** Per node: key → its durable record, as the simulated disk holds it. */
  private readonly durable = new Map<NodeId, Map<string, KeyRecord>>();

  onDurable(_nowMs: number, node: NodeId, records: readonly AnyRecord[]): void {
    for (const record of records)
      if (isPaxosRecord(record)) perNode(this.durable, node).set(record.key, record);
  }

  onLifecycle(_nowMs: number, node: NodeId, change: LifecycleChange): void {
    if (change.kind === 'start' && change.learnerOnly) this.durable.delete(node);
  }

  onSend(nowMs: number, wire: WireMessage): void {
    const message = wire.message;
    if (!isPaxosMessage(message)) return;
    const shown = revealed(message);
    if (!shown) return;
    const { what, ballot } = shown;
    const instances = perNode(this.durable, message.from).get(message.key)?.instances ?? [];
    const instance = instances.find((candidate) => candidate.index === message.index);
    // A newer entry already replaced this index on disk, which says nothing about this reply.
    if (!instance && instances.some((candidate) => candidate.index > message.index)) return;
    const backed =
      what === 'promise'
        ? instance !== undefined && compareBallots(instance.promised, ballot) >= 0
        : instance?.accepted != null && compareBallots(instance.accepted, ballot) === 0;
    if (backed || this.violations.length >= violationsKeptMax) return;
    const detail = `${message.from} revealed its ${what} of ${message.key}#${message.index} at ${formatBallot(ballot)} to ${message.to} before it was durable`;
    this.violations.push({ atMs: nowMs, invariant: 'revealed-before-durable', detail });
  }
}

/**
 * What a message reveals about its sender's acceptor state: a granted promise, or an acceptance (a
 * granted accept reply, or a proposer's own accept, since it counts its own vote). A fastAccept
 * reveals nothing: it may leave before its proposer's own vote is durable (Ready.sendBeforePersist),
 * because that vote counts only in a later step whose outputs wait for it, and a restarted proposer
 * never uses the fast ballot where its crash may have lost one (docs/one-fsync-fast-path.md).
 */
function revealed(message: PeerMessage): { what: 'promise' | 'acceptance'; ballot: Ballot } | null {
  switch (message.type) {
    case 'promise':
      return message.ok ? { what: 'promise', ballot: message.ballot } : null;
    case 'accepted':
    case 'fastAccepted':
      return message.ok ? { what: 'acceptance', ballot: message.ballot } : null;
    case 'accept':
      return { what: 'acceptance', ballot: message.ballot };
    default:
      return null;
  }
}
