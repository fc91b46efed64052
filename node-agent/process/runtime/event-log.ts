/**
 * The core events an operator wants in the agent's own log: learner-only changes, and refused inputs
 * (bad peer messages, votes refused while relearning). Refusals can come thousands a second from a
 * misbehaving peer, so at most a few per second are written and the rest are counted in a summary.
 */
import type { AnyEvent } from '../../../app/protocol/registry';
import { monotonicNowMs } from './clock';

export class EventLog {
  private windowStartMs = 0;
  private writtenInWindow = 0;
  private suppressed = 0;

  constructor(
    private readonly log: (line: string) => void,
    private readonly refusalsPerSecond = 5,
    private readonly now: () => number = monotonicNowMs,
  ) {}

  write(events: readonly AnyEvent[]): void {
    for (const event of events) {
      if (event.type === 'learnerOnly') this.log(`learner-only ${event.on ? 'on' : 'off'}: ${event.reason}`);
      else if (event.type === 'inputRejected') this.refusal(event);
    }
  }

  private refusal(event: Extract<AnyEvent, { type: 'inputRejected' }>): void {
    const nowMs = this.now();
    if (nowMs - this.windowStartMs >= 1000) {
      if (this.suppressed > 0) this.log(`(${this.suppressed} more refused inputs not shown)`);
      this.windowStartMs = nowMs;
      this.writtenInWindow = 0;
      this.suppressed = 0;
    }
    if (this.writtenInWindow >= this.refusalsPerSecond) {
      this.suppressed += 1;
      return;
    }
    this.writtenInWindow += 1;
    this.log(`refused input${event.peer ? ` from ${event.peer}` : ''}: ${event.field}: ${event.reason}`);
  }
}
