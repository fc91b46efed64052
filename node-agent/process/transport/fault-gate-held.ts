/**
 * Messages waiting in the fault gate because their link is in hold mode, by id in arrival order, until
 * a person releases, drops or duplicates each one. Bounded: a full hold refuses new messages.
 */
import type { AnyMessage } from '../../../app/protocol/registry';

/** The most messages one agent holds at once; more are dropped as "gate-full". */
export const heldMessagesMax = 10_000;

export interface HeldEntry {
  message: AnyMessage;
  /** Wall-clock ms when the gate took it. */
  heldAtMs: number;
}

export class HeldMessages {
  private readonly byId = new Map<string, HeldEntry>();

  constructor(private readonly capacity = heldMessagesMax) {}

  get size(): number {
    return this.byId.size;
  }

  /** False when the hold is full and the message was not taken. */
  add(message: AnyMessage, heldAtMs: number): boolean {
    if (this.byId.size >= this.capacity) return false;
    this.byId.set(message.id, { message, heldAtMs });
    return true;
  }

  /** Removes and returns the held message with this id, or null when none is held. */
  take(id: string): HeldEntry | null {
    const entry = this.byId.get(id);
    if (!entry) return null;
    this.byId.delete(id);
    return entry;
  }

  /** Oldest first. */
  list(): HeldEntry[] {
    return [...this.byId.values()];
  }
}
