/**
 * Who decides how fast this agent's protocol clock runs: the rate a person set (SetProtocolPace), unless
 * hold mode is on. While any link is held, any gate in the cluster still holds messages (the console
 * lists those in hold.heldAt; the fault state is cluster-wide in form, so every agent sees both) or this
 * gate holds messages, protocol time stands still, so a proposer waits for the person releasing messages
 * instead of timing out and retrying. Each change of the rate in force is reported as a protocolPace event.
 */
import { holdInForce, type FaultState } from '../../../app/model/fault-model';
import { FieldError } from '../../../app/util/field-error';
import type { ProtocolPace as ProtocolPaceWire } from '../../../app/proto/generated/control';
import type { EventStream } from '../events/event-stream';
import { checkProtocolRate, type ProtocolClock } from '../runtime/protocol-clock';
import { ControlArgumentError } from './control-errors';

export interface HoldSource {
  readonly state: FaultState;
  readonly heldCount: number;
}

export class ProtocolPace {
  private requested: number;

  constructor(
    private readonly clock: ProtocolClock,
    private readonly hold: HoldSource,
    private readonly events: EventStream,
  ) {
    this.requested = clock.rate;
  }

  get holding(): boolean {
    return holdInForce(this.hold.state) || this.hold.heldCount > 0;
  }

  /** A rate from a request: throws ControlArgumentError naming `rate` when missing or out of range. */
  set(rate: number | undefined): ProtocolPaceWire {
    if (rate === undefined) throw new ControlArgumentError('rate', 'is required (0 stops, 1 is real time)');
    try {
      checkProtocolRate(rate);
    } catch (error) {
      throw error instanceof FieldError ? ControlArgumentError.from(error) : error;
    }
    this.requested = rate;
    this.refresh();
    return this.snapshot();
  }

  /** Brings the clock in line after anything that may start or end hold mode. */
  refresh(): void {
    const holding = this.holding;
    const rate = holding ? 0 : this.requested;
    if (rate === this.clock.rate) return;
    this.clock.setRate(rate);
    this.events.emit({ type: 'protocolPace', rate, holding });
  }

  snapshot(): ProtocolPaceWire {
    return { rate: this.clock.rate, requestedRate: this.requested, holding: this.holding };
  }
}
