/**
 * The simulated wire between nodes. Every copy of a message in flight is a WireMessage with its send
 * and delivery times, so a view can draw it moving. Loss, delay, jitter (and so reordering),
 * duplication, partitions and holds all come from the fault model and the seeded generator here.
 */
import { canReach, isHeld, linkRuleFor, type FaultState } from '../model/fault-model';
import type { AnyMessage } from '../protocol/registry';
import { nextFloat, nextInt, type PrngState } from '../util/prng';

/**
 * Why a message was lost, named as in the cluster event's messageDropped: a partition or cut, a lossy
 * link rule, a drop by hand in teaching mode ('held-drop'), or a receiver that was down on arrival.
 */
export type DropReason = 'partition' | 'loss' | 'held-drop' | 'peer-down';

/** One copy of a message on the wire. */
export interface WireMessage {
  /** Unique in the simulation; a duplicate gets its own. */
  wireId: number;
  message: AnyMessage;
  sentAtMs: number;
  /** When it reaches (or, if dropped, would have reached) its receiver; null while held. */
  deliverAtMs: number | null;
  /** Set when the message is lost; the view may keep drawing it until deliverAtMs. */
  dropped: DropReason | null;
  /** True while it waits on a held link for someone to release it. */
  held: boolean;
  /** The wire id this copy duplicates, or null for an original. */
  duplicateOf: number | null;
}

export interface NetworkState {
  /** Messages not yet delivered, in the order they were put on the wire. */
  inFlight: WireMessage[];
  nextWireId: number;
  /** The network's own generator; node cores have theirs. */
  prng: PrngState;
  /** The transport's own one-way latency is uniform in [latencyMinMs, latencyMaxMs]. */
  latencyMinMs: number;
  latencyMaxMs: number;
}

export function createNetwork(prng: PrngState, latencyMinMs: number, latencyMaxMs: number): NetworkState {
  return { inFlight: [], nextWireId: 1, prng, latencyMinMs, latencyMaxMs };
}

function drawDelayMs(network: NetworkState, faults: FaultState, message: AnyMessage): number {
  const base =
    network.latencyMaxMs > network.latencyMinMs
      ? nextInt(network.prng, network.latencyMinMs, network.latencyMaxMs)
      : network.latencyMinMs;
  const rule = linkRuleFor(faults, message.from, message.to);
  if (!rule) return base;
  const jitter = rule.jitterMs > 0 ? nextInt(network.prng, 0, rule.jitterMs) : 0;
  return base + rule.delayMs + jitter;
}

function chance(network: NetworkState, probability: number): boolean {
  return probability > 0 && nextFloat(network.prng) < probability;
}

function putOnWire(
  network: NetworkState,
  message: AnyMessage,
  fields: Pick<WireMessage, 'sentAtMs' | 'deliverAtMs' | 'dropped' | 'held' | 'duplicateOf'>,
): WireMessage {
  const wire: WireMessage = { wireId: network.nextWireId, message, ...fields };
  network.nextWireId += 1;
  network.inFlight.push(wire);
  return wire;
}

/**
 * Puts a sent message on the wire under the current faults. Returns every copy created: the original,
 * then a duplicate when the link rule makes one. Lost copies fly on, marked dropped, for the view.
 */
export function sendMessage(
  network: NetworkState,
  faults: FaultState,
  nowMs: number,
  message: AnyMessage,
): WireMessage[] {
  const rule = linkRuleFor(faults, message.from, message.to);
  let dropped: DropReason | null = null;
  if (!canReach(faults, message.from, message.to)) dropped = 'partition';
  else if (rule && chance(network, rule.dropProbability)) dropped = 'loss';
  if (!dropped && isHeld(faults, message.from, message.to)) {
    return [
      putOnWire(network, message, {
        sentAtMs: nowMs,
        deliverAtMs: null,
        dropped,
        held: true,
        duplicateOf: null,
      }),
    ];
  }
  const deliverAtMs = nowMs + drawDelayMs(network, faults, message);
  const original = putOnWire(network, message, {
    sentAtMs: nowMs,
    deliverAtMs,
    dropped,
    held: false,
    duplicateOf: null,
  });
  if (dropped || !rule || !chance(network, rule.duplicateProbability)) return [original];
  const copy = putOnWire(network, message, {
    sentAtMs: nowMs,
    deliverAtMs: nowMs + drawDelayMs(network, faults, message),
    dropped: null,
    held: false,
    duplicateOf: original.wireId,
  });
  return [original, copy];
}

export function findWire(network: NetworkState, wireId: number): WireMessage | undefined {
  return network.inFlight.find((wire) => wire.wireId === wireId);
}

/** Removes a message from the wire and returns it, or null when it is no longer there. */
export function takeWire(network: NetworkState, wireId: number): WireMessage | null {
  const at = network.inFlight.findIndex((wire) => wire.wireId === wireId);
  if (at < 0) return null;
  const [wire] = network.inFlight.splice(at, 1);
  return wire ?? null;
}

/**
 * What happens when a message reaches its receiver: null if it already left the wire, otherwise the
 * message taken off the wire and, when it is lost on arrival, why (a partition that began in flight).
 */
export function arrive(
  network: NetworkState,
  faults: FaultState,
  wireId: number,
): { wire: WireMessage; lostTo: DropReason | null } | null {
  const wire = takeWire(network, wireId);
  if (!wire) return null;
  if (wire.dropped) return { wire, lostTo: wire.dropped };
  const reachable = canReach(faults, wire.message.from, wire.message.to);
  return { wire, lostTo: reachable ? null : 'partition' };
}

/** Copies a message already on the wire (teaching mode); a copy of a held message is held too. */
export function duplicateWire(
  network: NetworkState,
  faults: FaultState,
  nowMs: number,
  wireId: number,
): WireMessage | null {
  const original = findWire(network, wireId);
  if (!original) return null;
  const deliverAtMs = original.held ? null : nowMs + drawDelayMs(network, faults, original.message);
  return putOnWire(network, original.message, {
    sentAtMs: nowMs,
    deliverAtMs,
    dropped: null,
    held: original.held,
    duplicateOf: original.wireId,
  });
}

/** Held messages, oldest first. */
export function heldMessages(network: NetworkState): WireMessage[] {
  return network.inFlight.filter((wire) => wire.held);
}

/** Messages still to be delivered (flying or held, not lost). */
export function liveMessages(network: NetworkState): WireMessage[] {
  return network.inFlight.filter((wire) => !wire.dropped);
}
