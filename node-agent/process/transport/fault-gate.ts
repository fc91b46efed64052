/**
 * The fault gate at the agent's transport boundary (hashicorp/raft's TransportHooks, as a real
 * process). Every message the loop sends passes `send`; every message a peer delivers passes
 * `receive`. The gate emits the transport events and applies the faults of fault-model.ts:
 *  - sending side: the partition (reachable[self]), link rules from self (drop, delay + jitter,
 *    duplicate) and hold mode on links from self;
 *  - receiving side: the partition again, for a sender that lost its faults by restarting. A message
 *    its sender dropped never arrives, so no message is ever judged twice by the same rule.
 * Pause is not here: it stops the loop's inputs (control/pausable-inputs.ts).
 */
import {
  canReach,
  healthyFaultState,
  isHeld,
  linkRuleFor,
  type FaultState,
  type LinkRule,
} from '../../../app/model/fault-model';
import { peerMessageFields, type PeerMessageFields } from '../../../app/model/peer-message-fields';
import type { NodeId } from '../../../app/paxos/types';
import type { AnyMessage } from '../../../app/protocol/registry';
import type { EventStream } from '../events/event-stream';
import { HeldMessages, type HeldEntry } from './fault-gate-held';
import type { PeerSender } from './peer-sender';

/** The most messages the gate delays at once; more are dropped as "gate-full". */
export const delayedMessagesMax = 100_000;

export type ReleaseAction = 'deliver' | 'drop' | 'duplicate';

export interface FaultGateOptions {
  self: NodeId;
  /** Where messages that pass the gate go (the batching sender). */
  next: PeerSender;
  /** Where received messages that pass the gate go (the loop's input). */
  deliver(message: AnyMessage): void;
  events: EventStream;
  /** A uniform draw in [0, 1); injectable so tests can decide losses. */
  random?: () => number;
  now?: () => number;
}

export class FaultGate implements PeerSender {
  private faults: FaultState = healthyFaultState();
  private readonly held = new HeldMessages();
  private delayed = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(private readonly options: FaultGateOptions) {
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  get state(): FaultState {
    return this.faults;
  }

  set state(faults: FaultState) {
    this.faults = faults;
  }

  get heldCount(): number {
    return this.held.size;
  }

  send(messages: readonly AnyMessage[]): void {
    const events = this.options.events;
    for (const message of messages) {
      const about = peerMessageFields(message, message.to);
      events.emit({ type: 'messageSent', ...about });
      this.route(message, about);
    }
  }

  receive(message: AnyMessage): void {
    const about = peerMessageFields(message, message.from);
    if (!canReach(this.faults, message.from, this.options.self)) {
      this.options.events.emit({ type: 'messageDropped', ...about, reason: 'partition' });
      return;
    }
    this.options.events.emit({ type: 'messageReceived', ...about });
    this.options.deliver(message);
  }

  listHeld(): HeldEntry[] {
    return this.held.list();
  }

  /** Lets one held message go as asked; false when no message with this id is held. */
  release(id: string, action: ReleaseAction): boolean {
    const entry = this.held.take(id);
    if (!entry) return false;
    const about = peerMessageFields(entry.message, entry.message.to);
    this.options.events.emit({ type: 'messageReleased', ...about, action });
    if (action === 'drop')
      this.options.events.emit({ type: 'messageDropped', ...about, reason: 'held-drop' });
    else this.options.next.send(action === 'duplicate' ? [entry.message, entry.message] : [entry.message]);
    return true;
  }

  /** Cancels delayed deliveries (at shutdown); held messages simply go with the process. */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private route(message: AnyMessage, about: PeerMessageFields): void {
    const { self, events } = this.options;
    if (!canReach(this.faults, self, message.to)) {
      events.emit({ type: 'messageDropped', ...about, reason: 'partition' });
    } else if (isHeld(this.faults, self, message.to)) {
      const taken = this.held.add(message, this.now());
      events.emit(
        taken ? { type: 'messageHeld', ...about } : { type: 'messageDropped', ...about, reason: 'gate-full' },
      );
    } else {
      const rule = linkRuleFor(this.faults, self, message.to);
      if (rule) this.misbehave(message, about, rule);
      else this.options.next.send([message]);
    }
  }

  /** Applies one link rule: lose it, or send one or two copies, each after its own delay. */
  private misbehave(message: AnyMessage, about: PeerMessageFields, rule: LinkRule): void {
    const events = this.options.events;
    if (rule.dropProbability > 0 && this.random() < rule.dropProbability) {
      events.emit({ type: 'messageDropped', ...about, reason: 'loss' });
      return;
    }
    const copies = rule.duplicateProbability > 0 && this.random() < rule.duplicateProbability ? 2 : 1;
    if (copies === 2) events.emit({ type: 'messageDuplicated', ...about });
    for (let copy = 0; copy < copies; copy += 1) {
      const delayMs = rule.delayMs + (rule.jitterMs > 0 ? Math.round(this.random() * rule.jitterMs) : 0);
      if (delayMs === 0) this.options.next.send([message]);
      else this.delay(message, about, delayMs);
    }
  }

  private delay(message: AnyMessage, about: PeerMessageFields, delayMs: number): void {
    const events = this.options.events;
    if (this.delayed >= delayedMessagesMax) {
      events.emit({ type: 'messageDropped', ...about, reason: 'gate-full' });
      return;
    }
    events.emit({ type: 'messageDelayed', ...about, delayMs });
    this.delayed += 1;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.delayed -= 1;
      this.options.next.send([message]);
    }, delayMs);
    this.timers.add(timer);
  }
}
