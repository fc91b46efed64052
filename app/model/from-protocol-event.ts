/**
 * Stamps a core event of whichever protocol the cluster runs. PaxosKV's events already are cluster
 * events (from-core-event.ts). Another protocol's replies and refused inputs read as every protocol's
 * do (`replied`, `inputRejected`, `learnerOnly`); each of its other steps becomes a `protocolStep`
 * carrying the step's name and the protocol's own text of it (ProtocolCore.text.event), so the console
 * shows and captions any registered protocol without a schema of its own.
 */
import type { AnyEvent } from '../protocol/registry';
import { protocolNamed } from '../protocol/registry';
import type { ProtocolName } from '../protocol/protocol';
import type { Leadership, QuorumStep } from '../protocol/replicated-log';
import type { ClusterEvent } from './cluster-event';
import { fromCoreEvent, type EventStamp } from './from-core-event';

/** A core event as the console sees it, stamped. */
export type EventLifter = (stamp: EventStamp, event: AnyEvent) => ClusterEvent;

/** The schema's bound on a step's text; a longer text is cut. */
const textCharsMax = 1024;
const stepPattern = /^[a-z][A-Za-z]{0,63}$/;

/** Picked once per agent or simulation, so PaxosKV's events take exactly the path they always took. */
export function eventLifterFor(protocol: ProtocolName): EventLifter {
  // A cluster runs one protocol, so a PaxosKV agent's core only ever hands over PaxosKV's events.
  if (protocol === 'paxoskv') return fromCoreEvent as EventLifter;
  const core = protocolNamed(protocol);
  const said: ProtocolSays = {
    text: core.text.event,
    caption: core.text.caption?.bind(core.text),
    leadership: core.leadershipOf?.bind(core),
    quorum: core.quorumStepOf?.bind(core),
  };
  return (stamp, event) => fromProtocolEvent(protocol, said, stamp, event);
}

/** The fields an event of any protocol may share with the cluster events of the same name. */
interface SharedFields {
  type: string;
  key?: unknown;
  requestId?: unknown;
  ok?: unknown;
  code?: unknown;
  field?: unknown;
  reason?: unknown;
  peer?: unknown;
  on?: unknown;
}

/** What a protocol says about its own events: the trace text, and optionally a caption, leadership and quorum. */
export interface ProtocolSays {
  text: (event: AnyEvent) => string | null;
  caption?: (event: AnyEvent, self: string) => string;
  leadership?: (event: AnyEvent) => Leadership | null;
  quorum?: (event: AnyEvent, self: string) => QuorumStep | null;
}

export function fromProtocolEvent(
  protocol: ProtocolName,
  says: ProtocolSays,
  stamp: EventStamp,
  event: AnyEvent,
): ClusterEvent {
  const { agent, seq, timeMs } = stamp;
  const fields = event as SharedFields;
  const key = typeof fields.key === 'string' && fields.key !== '' ? fields.key : undefined;
  const shared = sharedEvent(stamp, fields, key);
  if (shared) return shared;
  const step = stepPattern.test(fields.type) ? fields.type : 'step';
  const said = (says.text(event) ?? fields.type).slice(0, textCharsMax);
  const lifted: ClusterEvent = { agent, seq, timeMs, type: 'protocolStep', protocol, step, text: said };
  if (key !== undefined) lifted.key = key;
  const caption = says.caption?.(event, agent);
  if (caption) lifted.caption = caption.slice(0, textCharsMax);
  const leadership = says.leadership?.(event);
  if (leadership) lifted.leadership = leadership;
  const quorum = says.quorum?.(event, agent);
  if (quorum) lifted.quorum = quorum;
  return lifted;
}

/** replied, inputRejected and learnerOnly in their common shape; null when the event is none of them. */
function sharedEvent(stamp: EventStamp, fields: SharedFields, key: string | undefined): ClusterEvent | null {
  const { agent, seq, timeMs } = stamp;
  if (fields.type === 'replied' && typeof fields.requestId === 'string' && typeof fields.ok === 'boolean') {
    const lifted: ClusterEvent = {
      agent,
      seq,
      timeMs,
      type: 'replied',
      requestId: fields.requestId,
      ok: fields.ok,
    };
    if (key !== undefined) lifted.key = key;
    if (typeof fields.code === 'string' && fields.code !== '') lifted.code = fields.code;
    return lifted;
  }
  if (
    fields.type === 'inputRejected' &&
    typeof fields.field === 'string' &&
    typeof fields.reason === 'string'
  ) {
    const lifted: ClusterEvent = {
      agent,
      seq,
      timeMs,
      type: 'inputRejected',
      field: fields.field,
      reason: fields.reason,
    };
    if (typeof fields.peer === 'string' && fields.peer !== '') lifted.peer = fields.peer;
    return lifted;
  }
  if (fields.type === 'learnerOnly' && typeof fields.on === 'boolean' && typeof fields.reason === 'string') {
    return { agent, seq, timeMs, type: 'learnerOnly', on: fields.on, reason: fields.reason };
  }
  return null;
}
