/**
 * Pause without stopping the process: while paused, the loop gets no input. Ticks are discarded (the
 * timers stand still), and peer messages and client requests wait in arrival order, bounded, to be
 * stepped on resume. Readies stepped before the pause still persist and go out; the gate's delayed
 * messages are in the network and still arrive at their peers.
 */
import type { AnyInput } from '../../../app/protocol/registry';

/** Inputs a paused agent keeps for later; past this, peer messages are lost and clients hear BUSY. */
export const pausedInputsMax = 50_000;

export class PausableInputs {
  private paused = false;
  private readonly waiting: AnyInput[] = [];

  constructor(
    private readonly submit: (input: AnyInput) => boolean,
    /** Told about a peer message a full pause queue could not keep. */
    private readonly onLost: (input: Extract<AnyInput, { kind: 'receive' }>) => void,
    private readonly capacity = pausedInputsMax,
  ) {}

  get isPaused(): boolean {
    return this.paused;
  }

  get waitingCount(): number {
    return this.waiting.length;
  }

  /** The loop's input while the agent may be paused; false when the input was not taken. */
  offer(input: AnyInput): boolean {
    if (!this.paused) return this.submit(input);
    if (input.kind === 'tick') return true;
    if (this.waiting.length < this.capacity) {
      this.waiting.push(input);
      return true;
    }
    if (input.kind === 'receive') this.onLost(input);
    return false;
  }

  pause(): void {
    this.paused = true;
  }

  /** Steps what waited, in arrival order; the next tick then sees how much time went by. */
  resume(): void {
    this.paused = false;
    for (const input of this.waiting.splice(0)) this.submit(input);
  }
}
