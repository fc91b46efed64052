/**
 * Collects inputs as they arrive and hands them over once per animation frame, so the store changes at
 * most once a frame however many thousand events a second stream in.
 */
import type { ObservedInput } from './ingest';

/** Schedules a callback for the next frame; returns a cancel function. */
export type FrameScheduler = (callback: () => void) => () => void;

/** requestAnimationFrame, with a timer as fallback because hidden pages get no frames. */
export const browserFrameScheduler: FrameScheduler = (callback) => {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    callback();
  };
  const frame = requestAnimationFrame(run);
  const timer = setTimeout(run, 250);
  return () => {
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
};

export class EventPump {
  private buffer: ObservedInput[] = [];
  private cancel: (() => void) | null = null;

  constructor(
    private readonly deliver: (inputs: ObservedInput[]) => void,
    private readonly schedule: FrameScheduler = browserFrameScheduler,
  ) {}

  push(inputs: readonly ObservedInput[]): void {
    if (inputs.length === 0) return;
    this.buffer.push(...inputs);
    this.cancel ??= this.schedule(() => this.flush());
  }

  /** Hands over everything buffered now (before a change that must come after these events). */
  flush(): void {
    this.cancel?.();
    this.cancel = null;
    if (this.buffer.length === 0) return;
    const inputs = this.buffer;
    this.buffer = [];
    this.deliver(inputs);
  }

  /** Forgets buffered inputs (a snapshot replaces everything). */
  discard(): void {
    this.cancel?.();
    this.cancel = null;
    this.buffer = [];
  }
}
