/**
 * What the console sees of a cluster: one event per step a person would want to watch, from an agent
 * (or the simulator). The same shape travels agent → main (decoded from ControlService.WatchEvents),
 * main → renderer (contract deltas) and into trace files, so it has one schema. The core's own
 * events (CoreEvent in app/paxos/types.ts) already use these names: agents and the simulator only
 * stamp them (from-core-event.ts).
 */
import { z } from 'zod';
import { keyBytesMax } from '../paxos/config';
import { anyMessageTypes } from '../protocol/message-types';
import { protocolNames } from '../protocol/protocol';
import { FieldError, zodProblem } from '../util/field-error';

export const ballotSchema = z.strictObject({
  counter: z.number().int().min(0),
  role: z.number().int().min(0).max(255),
});

const messageFields = {
  /** Links a send to its receive (and to drop, delay, hold and release). */
  messageId: z.string().min(1).max(128),
  /** The message's type in its protocol's words (every registered protocol's, app/protocol/message-types.ts). */
  messageType: z.enum(anyMessageTypes),
  /** The other end: the receiver for sends, the sender for receives. */
  peer: z.string().min(1).max(32),
};

const transportEvents = [
  z.strictObject({ type: z.literal('messageSent'), ...messageFields }),
  z.strictObject({ type: z.literal('messageReceived'), ...messageFields }),
  z.strictObject({
    type: z.literal('messageDropped'),
    ...messageFields,
    /** gate-full: the fault gate already held or delayed as many messages as it may. */
    reason: z.enum(['partition', 'loss', 'held-drop', 'peer-down', 'paused', 'malformed', 'gate-full']),
  }),
  z.strictObject({ type: z.literal('messageDelayed'), ...messageFields, delayMs: z.number().min(0) }),
  z.strictObject({ type: z.literal('messageDuplicated'), ...messageFields }),
  z.strictObject({ type: z.literal('messageHeld'), ...messageFields }),
  z.strictObject({
    type: z.literal('messageReleased'),
    ...messageFields,
    action: z.enum(['deliver', 'drop', 'duplicate']),
  }),
] as const;

const coreEvents = [
  z.strictObject({
    type: z.literal('proposalStarted'),
    requestId: z.string(),
    fast: z.boolean(),
  }),
  /** `peer`: the proposer this node promised to. */
  z.strictObject({ type: z.literal('promised'), peer: z.string() }),
  z.strictObject({ type: z.literal('acceptedValue'), requestId: z.string() }),
  z.strictObject({
    type: z.literal('rejected'),
    by: ballotSchema,
    what: z.enum(['prepare', 'accept', 'fastAccept']),
  }),
  z.strictObject({ type: z.literal('chosen'), requestId: z.string(), version: z.number().int().min(0) }),
  z.strictObject({
    type: z.literal('catchUp'),
    /** The key's chosen index before; the envelope's `index` is the one it caught up to. */
    fromIndex: z.number().int().min(0),
    /** The node it learned the chosen value from. */
    peer: z.string(),
  }),
  z.strictObject({ type: z.literal('readServed'), how: z.enum(['local', 'catch-up', 'redo']) }),
  z.strictObject({
    type: z.literal('backoff'),
    round: z.number().int().min(0),
    untilMs: z.number(),
    /** Why the round was lost; absent in traces recorded before it was carried. */
    cause: z.enum(['refused', 'timedOut']).optional(),
  }),
  z.strictObject({ type: z.literal('learnerOnly'), on: z.boolean(), reason: z.string() }),
  /** PaxosKV's pending-entry timeout queue (app/paxos/pending-timeouts.ts): a level fired, or the entry ended. */
  z.strictObject({
    type: z.literal('pendingTimeout'),
    step: z.enum(['retriedSoon', 'retriedLater', 'gaveUp', 'resolved']),
    /** Since the entry entered the queue. */
    waitedMs: z.number().min(0),
    /** Until the next level fires; 0 when none follows. */
    nextInMs: z.number().min(0),
  }),
  z.strictObject({
    type: z.literal('replied'),
    requestId: z.string(),
    ok: z.boolean(),
    code: z.string().optional(),
  }),
  z.strictObject({
    type: z.literal('inputRejected'),
    field: z.string(),
    reason: z.string(),
    /** The sender, when the refused input was a peer message. */
    peer: z.string().optional(),
  }),
  /**
   * A step of a protocol other than PaxosKV, which has no event shapes of its own here: its name for
   * the step and the step as that protocol's text reads it (ProtocolCore.text.event), for example
   * QuorumKV's quorumWrite, "quorum write k1 v3 c7 on n0 n3". PaxosKV's steps keep their own events.
   */
  z.strictObject({
    type: z.literal('protocolStep'),
    protocol: z.enum(protocolNames),
    step: z.string().regex(/^[a-z][A-Za-z]{0,63}$/),
    text: z.string().max(1024),
    /** The step as a plain-language line naming the rule at work (ProtocolCore.text.caption), when the protocol has one. */
    caption: z.string().max(1024).optional(),
    /** Who leads which view, when the step announces it (ProtocolCore.leadershipOf): the leader badge. */
    leadership: z
      .strictObject({
        group: z.string().min(1).max(64),
        view: z.number().int().min(0),
        leader: z.string().min(1).max(32),
      })
      .optional(),
    /** The step's part in a quorum round, when it plays one (ProtocolCore.quorumStepOf): the Q1/Q2 view. */
    quorum: z
      .strictObject({
        group: z.string().min(1).max(64),
        phase: z.union([z.literal(1), z.literal(2)]),
        ballot: z.number().int().min(0),
        slot: z.number().int().min(0),
        leader: z.string().min(1).max(32),
        role: z.enum(['asked', 'answered', 'refused', 'formed', 'lost']),
        nodes: z.array(z.string().min(1).max(32)).max(64),
        zones: z.array(z.number().int().min(0)).max(64),
      })
      .optional(),
  }),
] as const;

const storageAndLifecycleEvents = [
  z.strictObject({
    type: z.literal('plogWritten'),
    /** Keys in this synced batch (the console highlights their PLog rows). */
    keys: z.array(z.string()).max(4096),
    synced: z.boolean(),
    durationMs: z.number().min(0),
  }),
  z.strictObject({ type: z.literal('faultApplied'), description: z.string().max(512) }),
  z.strictObject({ type: z.literal('nodeStarted'), learnerOnly: z.boolean() }),
  z.strictObject({ type: z.literal('nodePaused') }),
  z.strictObject({ type: z.literal('nodeResumed') }),
  z.strictObject({ type: z.literal('nodeStopped'), reason: z.string().max(256) }),
  z.strictObject({
    type: z.literal('protocolPace'),
    /** How fast the agent's timeouts, retries and deadlines run now: 1 real time, 0 stopped. */
    rate: z.number().min(0).max(1),
    /** True when hold mode stopped it (a held link or a held message), whatever rate was set. */
    holding: z.boolean(),
  }),
  /**
   * Full-data verification (docs/data-verification.md): a comparison of a key's stored copies with its
   * other replicas' found them differing (divergent, undecided), this agent rewrote its own wrong copy
   * from the majority's value (repaired) or could not (unrepairable), or a pass over every key it holds
   * ended (pass, at most one every few seconds). The counters are this agent's since it started.
   */
  z.strictObject({
    type: z.literal('verification'),
    outcome: z.enum(['pass', 'divergent', 'undecided', 'repaired', 'unrepairable']),
    /** The replicas whose copies are wrong (empty for pass and undecided). */
    wrong: z.array(z.string().min(1).max(32)).max(3),
    /** What was compared and found, in words (the caption). */
    detail: z.string().max(1024),
    keysVerified: z.number().int().min(0),
    divergences: z.number().int().min(0),
    repairs: z.number().int().min(0),
  }),
  z.strictObject({
    type: z.literal('eventsDropped'),
    /** Events this watcher missed because it fell behind; the protocol never waited for it. */
    count: z.number().int().min(1),
  }),
] as const;

/** Fields every event has; key, index and ballot are present when the step concerns one. */
const envelope = z.strictObject({
  agent: z.string().min(1).max(32),
  /** Per-agent sequence number, from 1, without gaps except those reported by eventsDropped. */
  seq: z.number().int().min(1),
  /** Wall-clock milliseconds since the epoch (simulated milliseconds in the simulator). */
  timeMs: z.number(),
  key: z.string().max(keyBytesMax).optional(),
  index: z.number().int().min(0).optional(),
  ballot: ballotSchema.optional(),
});

const eventBody = z.discriminatedUnion('type', [
  ...transportEvents,
  ...coreEvents,
  ...storageAndLifecycleEvents,
]);

export type ClusterEventBody = z.infer<typeof eventBody>;
export type ClusterEventEnvelope = z.infer<typeof envelope>;
export type ClusterEvent = ClusterEventEnvelope & ClusterEventBody;
export type ClusterEventType = ClusterEvent['type'];

/** The steps of a Paxos round and its reads, as the PaxosKV core reports them. */
export const paxosRoundTypes: readonly ClusterEventType[] = [
  'proposalStarted',
  'promised',
  'acceptedValue',
  'rejected',
  'chosen',
  'catchUp',
  'readServed',
];

/** The protocol's own steps, which the timeline draws as dots and the live captions narrate. */
export const protocolStepTypes: ReadonlySet<ClusterEventType> = new Set<ClusterEventType>([
  ...paxosRoundTypes,
  'protocolStep',
  'nodeStarted',
  'nodeStopped',
  'faultApplied',
]);

/** Validates one event that crossed a process boundary; errors name the field. */
export function parseClusterEvent(input: unknown): ClusterEvent {
  const head = envelope.loose().safeParse(input);
  if (!head.success) throw eventError(head.error);
  const { agent, seq, timeMs, key, index, ballot, ...rest } = head.data as ClusterEventEnvelope &
    Record<string, unknown>;
  const body = eventBody.safeParse(rest);
  if (!body.success) throw eventError(body.error);
  const envelopeFields = { agent, seq, timeMs, key, index, ballot };
  for (const name of ['key', 'index', 'ballot'] as const) {
    if (envelopeFields[name] === undefined) delete envelopeFields[name];
  }
  return { ...envelopeFields, ...body.data };
}

/** An event that does not fit the model; `field` is a path such as "ballot.counter". */
export class EventValidationError extends FieldError {
  override name = 'EventValidationError';
}

function eventError(error: z.ZodError): EventValidationError {
  return EventValidationError.from(zodProblem(error, '', '(event)'));
}
