/**
 * The console's state and its numbered deltas. Every change goes through `publish`, which folds it into
 * the snapshot with the contract's own `applyDelta` and hands the delta to every bridge, so a snapshot
 * and the deltas after it always agree.
 */
import {
  applyDelta,
  emptySnapshot,
  type ConsoleSnapshot,
  type StateChange,
} from '../../app/contract/console-state';
import type { EventMessage } from '../../app/contract/envelope';

export class StatePublisher {
  private current: ConsoleSnapshot;
  private readonly listeners = new Set<(message: EventMessage<'stateDelta'>) => void>();

  constructor(recorderCapacity: number) {
    this.current = emptySnapshot(recorderCapacity);
  }

  snapshot(): ConsoleSnapshot {
    return this.current;
  }

  publish(change: StateChange): void {
    const delta = { seq: this.current.seq + 1, change };
    this.current = applyDelta(this.current, delta);
    const message: EventMessage<'stateDelta'> = { event: 'stateDelta', seq: delta.seq, payload: delta };
    for (const listener of this.listeners) listener(message);
  }

  subscribe(listener: (message: EventMessage<'stateDelta'>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
