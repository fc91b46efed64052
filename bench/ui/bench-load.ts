/**
 * The load the UI benchmark puts on the renderer: a 30-node topology for 27 agents, events published in
 * ticks as main's merger batches them, and how many dots that stream keeps in flight on screen.
 */
import { validateTopology, type Topology } from '../../app/model/topology';
import { defaultFlightOptions } from '../../renderer/layers/flight-board';
import type { BenchConsole } from './bench-console';
import type { EventGenerator } from './event-generator';

/** Events are published in ticks of this many ms, as main's merger batches them. */
const tickMs = 50;

/** 3 datacenters × 5 mini-clusters × 2 nodes: 30 nodes in 5 groups, enough for 27 agents. */
export function benchTopology(): Topology {
  let port = 20_000;
  return validateTopology({
    name: 'bench',
    datacenters: [1, 2, 3].map((d) => ({
      id: `dc${d}`,
      miniClusters: Array.from({ length: 5 }, (_, m) => ({
        id: `dc${d}-mc${m + 1}`,
        nodes: [0, 1].map((slot) => ({ id: `n${d}${m}${slot}`, port: port++ })),
      })),
    })),
  });
}

export interface EventStream {
  published(): number;
  stop(): void;
}

/** Publishes `rate` events per second in ticks until stopped. */
export function streamEvents(console: BenchConsole, generator: EventGenerator, rate: number): EventStream {
  let published = 0;
  let owed = 0;
  let lastMs = performance.now();
  const timer = setInterval(() => {
    const nowMs = performance.now();
    owed += (rate * (nowMs - lastMs)) / 1000;
    lastMs = nowMs;
    if (owed < 1) return;
    const events = generator.eventsAt(Math.floor(owed), Date.now());
    owed -= events.length;
    published += events.length;
    console.publishEvents(events);
  }, tickMs);
  return { published: () => published, stop: () => clearInterval(timer) };
}

/**
 * Dots a rate keeps on screen at display speed `speed`: every message is drawn for its display flight
 * (the real loopback latency is far below a frame) and then fades, so the count is messages per second
 * times how long each stays visible.
 */
export function expectedInFlight(rate: number, messagesPerEvent: number, speed = 1): number {
  const visibleMs = defaultFlightOptions.flightMs / speed + defaultFlightOptions.fadeMs;
  return Math.round((rate * messagesPerEvent * visibleMs) / 1000);
}
