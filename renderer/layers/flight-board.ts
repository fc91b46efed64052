/**
 * The animation state of messages on screen, kept apart from the store because it changes every frame.
 * Real messages cross loopback in well under a millisecond, so each one is shown for a display duration
 * (longer in slow motion) that starts when its send is seen; its receive, drop, delay or hold then
 * changes how the rest of its flight is drawn. The clock is passed in, which keeps this testable.
 */
import type { ClusterEvent } from '../../app/model/cluster-event';
import type { TransportEvent } from '../store/ingest-transport';
import type { NodeId } from '../../app/paxos/types';
import type { MessageType } from './message-kinds';
import { endsOf, isTransportEvent } from '../store/ingest-transport';

export type FlightPhase = 'flying' | 'delayed' | 'held' | 'arrived' | 'dropped';

export interface Flight {
  id: string;
  kind: MessageType;
  from: NodeId;
  to: NodeId;
  phase: FlightPhase;
  /** Display clock (ms) at which progress 0 would have been; moved when the duration changes. */
  startMs: number;
  durationMs: number;
  /** Where a held message waits: near the sender's gate or near the receiver's. */
  parkAt: number;
  /** Display time and progress when it arrived or was dropped. */
  endMs: number | null;
  endT: number;
  duplicated: boolean;
}

export interface FlightOptions {
  /** How long a message takes to cross the screen at speed 1. */
  flightMs: number;
  /** How much longer a delayed message's flight is drawn. */
  delayedFactor: number;
  /** How long an arrived dot fades and a dropped one shows its cross. */
  fadeMs: number;
  dropShowMs: number;
  /** The most dots on screen at once; sends beyond it are counted, not drawn. */
  capacity: number;
}

export const defaultFlightOptions: FlightOptions = {
  flightMs: 900,
  delayedFactor: 3,
  fadeMs: 180,
  dropShowMs: 1200,
  capacity: 6000,
};

export interface FlightFrame {
  flight: Flight;
  /** Progress along the path, 0..1. */
  t: number;
  /** Opacity, fading out at the end. */
  alpha: number;
}

export class FlightBoard {
  private readonly flights = new Map<string, Flight>();
  /** The frames `frame` hands out, reused from call to call so thousands of dots allocate nothing. */
  private readonly shown: FlightFrame[] = [];
  /** Sends not drawn because the board was full. */
  notShown = 0;

  constructor(private readonly options: FlightOptions = defaultFlightOptions) {}

  get size(): number {
    return this.flights.size;
  }

  clear(): void {
    this.flights.clear();
  }

  /**
   * Applies one event at display time `nowMs`, with display speed `speed` (1 = normal); events that are
   * not about a message are ignored.
   */
  apply(event: ClusterEvent, nowMs: number, speed: number): void {
    if (!isTransportEvent(event)) return;
    const flight = this.flights.get(event.messageId) ?? this.launch(event, nowMs, speed);
    if (!flight) return;
    const t = this.progress(flight, nowMs);
    switch (event.type) {
      case 'messageReceived':
        if (flight.phase !== 'dropped') flight.phase = 'arrived';
        return;
      case 'messageDropped':
        this.end(flight, 'dropped', nowMs, t);
        return;
      case 'messageDelayed':
        flight.phase = 'delayed';
        this.stretch(flight, nowMs, t, flight.durationMs * this.options.delayedFactor);
        return;
      case 'messageHeld':
        flight.phase = 'held';
        flight.parkAt = event.agent === flight.from ? 0.2 : 0.8;
        return;
      case 'messageReleased':
        this.release(flight, event.action, nowMs);
        return;
      case 'messageDuplicated':
        flight.duplicated = true;
        return;
      case 'messageSent':
        return;
    }
  }

  /**
   * Where every dot is now; ended dots past their fade are forgotten. The array and its entries are
   * reused by the next call, so read them before asking again.
   */
  frame(nowMs: number): readonly FlightFrame[] {
    let count = 0;
    for (const flight of this.flights.values()) {
      const frame = (this.shown[count] ??= { flight, t: 0, alpha: 1 });
      if (this.show(frame, flight, nowMs)) count += 1;
      else this.flights.delete(flight.id);
    }
    this.shown.length = count;
    return this.shown;
  }

  private launch(event: TransportEvent, nowMs: number, speed: number): Flight | null {
    if (this.flights.size >= this.options.capacity) {
      this.notShown += 1;
      return null;
    }
    const { from, to } = endsOf(event);
    const flight: Flight = {
      id: event.messageId,
      kind: event.messageType,
      from,
      to,
      phase: 'flying',
      startMs: nowMs,
      durationMs: this.options.flightMs / Math.max(speed, 0.01),
      parkAt: 1,
      endMs: null,
      endT: 0,
      duplicated: false,
    };
    this.flights.set(flight.id, flight);
    return flight;
  }

  /** Fills `frame` with where `flight` is now; false once it has finished showing. */
  private show(frame: FlightFrame, flight: Flight, nowMs: number): boolean {
    const t = this.progress(flight, nowMs);
    frame.flight = flight;
    if (flight.phase === 'dropped') {
      const shownFor = nowMs - (flight.endMs ?? nowMs);
      frame.t = flight.endT;
      frame.alpha = 1 - shownFor / this.options.dropShowMs;
      return shownFor <= this.options.dropShowMs;
    }
    if (flight.phase === 'arrived' && t >= 1) {
      flight.endMs ??= nowMs;
      const fadedFor = nowMs - flight.endMs;
      frame.t = 1;
      frame.alpha = 1 - fadedFor / this.options.fadeMs;
      return fadedFor <= this.options.fadeMs;
    }
    frame.t = t;
    frame.alpha = 1;
    return true;
  }

  private progress(flight: Flight, nowMs: number): number {
    const t = Math.min(1, Math.max(0, (nowMs - flight.startMs) / flight.durationMs));
    return flight.phase === 'held' ? Math.min(t, flight.parkAt) : t;
  }

  private end(flight: Flight, phase: 'dropped', nowMs: number, t: number): void {
    flight.phase = phase;
    flight.endMs = nowMs;
    flight.endT = t;
  }

  /** Changes the flight's duration without making the dot jump. */
  private stretch(flight: Flight, nowMs: number, t: number, durationMs: number): void {
    flight.durationMs = durationMs;
    flight.startMs = nowMs - t * durationMs;
  }

  private release(flight: Flight, action: 'deliver' | 'drop' | 'duplicate', nowMs: number): void {
    const t = this.progress(flight, nowMs);
    if (action === 'drop') {
      this.end(flight, 'dropped', nowMs, t);
      return;
    }
    flight.phase = 'flying';
    flight.parkAt = 1;
    flight.duplicated ||= action === 'duplicate';
    flight.startMs = nowMs - t * flight.durationMs;
  }
}
