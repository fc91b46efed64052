/**
 * What a simulation tells whoever watches it: the trace writer, the safety checkers, a view. Observers
 * only look; they never change the run, so a run replays the same with or without them.
 */
import type { FaultChange } from '../model/fault-model';
import type { NodeId } from '../paxos/types';
import type { AnyInput, AnyReady, AnyRecord } from '../protocol/registry';
import type { DropReason, WireMessage } from './sim-network';
import type { ClientCall } from './sim-state';

export type LifecycleChange =
  | { kind: 'crash'; lostKeys: string[]; afterPersist: boolean; beforePersist?: boolean }
  | { kind: 'start'; learnerOnly: boolean; records: AnyRecord[] };

export interface SimObserver {
  /** A node stepped; called before its Ready is executed. */
  onStep?(nowMs: number, node: NodeId, input: AnyInput, ready: AnyReady): void;
  /** Records that just became durable on a node's disk (copies; a sync flushes earlier writes too). */
  onDurable?(nowMs: number, node: NodeId, records: readonly AnyRecord[]): void;
  /** A copy of a message went on the wire (possibly already lost, held or a duplicate). */
  onSend?(nowMs: number, wire: WireMessage): void;
  onDeliver?(nowMs: number, wire: WireMessage): void;
  /** A message was lost on arrival or by hand (a loss decided at send time comes with onSend). */
  onDrop?(nowMs: number, wire: WireMessage, reason: DropReason): void;
  onClientCall?(nowMs: number, call: ClientCall): void;
  onClientReply?(nowMs: number, call: ClientCall): void;
  onFault?(nowMs: number, change: FaultChange): void;
  onLifecycle?(nowMs: number, node: NodeId, change: LifecycleChange): void;
}

/** Calls one hook on every observer. */
export function notify<K extends keyof SimObserver>(
  observers: readonly SimObserver[],
  hook: K,
  ...args: Parameters<NonNullable<SimObserver[K]>>
): void {
  for (const observer of observers) {
    const fn = observer[hook] as ((...a: typeof args) => void) | undefined;
    fn?.apply(observer, args);
  }
}
