/**
 * WPaxos's own safety invariants, watched on what reaches each node's disk: a slot of an object's log is
 * chosen with one command only, whichever node learns it and whenever; and a node's promise for an object
 * never goes down while its disk lives (a wipe starts a new disk, relearned from the zone partner).
 */
import type { NodeId } from '../../app/paxos/types';
import type { AnyRecord } from '../../app/protocol/registry';
import type { LifecycleChange, SimObserver } from '../../app/simulator/sim-observer';
import type { WPaxosRecord } from '../../app/wpaxos';

export class WPaxosLogChecker implements SimObserver {
  readonly violations: string[] = [];
  /** `${object}#${slot}` → the tag of the command chosen there, and who first wrote it chosen. */
  private readonly chosen = new Map<string, { tag: string; node: NodeId }>();
  /** `${node}/${object}` → the highest promise on that node's disk. */
  private readonly promised = new Map<string, number>();

  onDurable(nowMs: number, node: NodeId, records: readonly AnyRecord[]): void {
    for (const record of records as readonly WPaxosRecord[]) {
      if (record.kind === 'promise') this.checkPromise(nowMs, node, record.object, record.ballot);
      else if (record.kind === 'slot' && record.chosen)
        this.checkChosen(nowMs, node, `${record.object}#${record.slot}`, record.command.tag);
    }
  }

  onLifecycle(_nowMs: number, node: NodeId, change: LifecycleChange): void {
    if (change.kind !== 'start' || !change.learnerOnly || change.records.length > 0) return;
    for (const key of [...this.promised.keys()]) if (key.startsWith(`${node}/`)) this.promised.delete(key);
  }

  private checkPromise(nowMs: number, node: NodeId, object: string, ballot: number): void {
    const key = `${node}/${object}`;
    const before = this.promised.get(key) ?? 0;
    if (ballot < before)
      this.violations.push(`t=${nowMs} ${node} lowered its promise for ${object}: ${before} → ${ballot}`);
    this.promised.set(key, Math.max(before, ballot));
  }

  private checkChosen(nowMs: number, node: NodeId, slot: string, tag: string): void {
    const first = this.chosen.get(slot);
    if (!first) this.chosen.set(slot, { tag, node });
    else if (first.tag !== tag) {
      this.violations.push(
        `t=${nowMs} ${slot} chosen as ${first.tag} on ${first.node} and as ${tag} on ${node}`,
      );
    }
  }
}
