/**
 * Splits one fast-path write into the stages its events show: the client's call reaching role A, A's
 * own synced persist, the fastAccept to the peer whose answer came back first, that peer's persist and
 * answer, A learning the value is chosen and replying. Agents stamp events with Date.now(), whole
 * milliseconds rounded down, so each stamp is moved to the middle of its millisecond: one write's stage
 * is then off by up to a millisecond, but the mean over many writes is not biased.
 */
import type { ClusterEvent } from '../../app/model/cluster-event';
import { summarizeLatencies, type LatencySummary } from './latency';

/**
 * The stages in the order a write passes them; each is measured from the previous one's end. A Ready's
 * events go out only once its persist is durable, so a persist's start is its plogWritten stamp minus
 * the duration that event carries.
 */
export const writeStages = [
  'client call reaches A and is stepped',
  "A's synced persist (fastAccept's own vote)",
  'A releases fastAccept',
  'fastAccept reaches the peer',
  'peer steps it',
  "peer's synced persist",
  'peer releases fastAccepted',
  'fastAccepted reaches A',
  'A steps the vote and replies',
  'reply reaches the client',
] as const;

/** What the trace knows about one write besides the agents' events. */
export interface TracedWrite {
  key: string;
  requestId: string;
  /** Role A, the agent the client called. */
  roleA: string;
  /** Client wall-clock stamps (sub-millisecond) just before the call and just after the answer. */
  sentMs: number;
  answeredMs: number;
}

export interface WriteBreakdown {
  /** Stage durations in ms, in `writeStages` order. */
  stagesMs: number[];
}

type EventOf<Type extends ClusterEvent['type']> = Extract<ClusterEvent, { type: Type }>;
type Match<Type extends ClusterEvent['type']> = (event: EventOf<Type>) => boolean;

const centredMs = (event: ClusterEvent) => event.timeMs + 0.5;

function isOf<Type extends ClusterEvent['type']>(
  event: ClusterEvent,
  type: Type,
  agent: string,
): event is EventOf<Type> {
  return event.type === type && event.agent === agent;
}

/** The first event of `type` on `agent` after seq `afterSeq` that matches. */
function firstAfter<Type extends ClusterEvent['type']>(
  events: readonly ClusterEvent[],
  type: Type,
  agent: string,
  afterSeq: number,
  matches: Match<Type>,
): EventOf<Type> | undefined {
  return events.find((event) => isOf(event, type, agent) && event.seq > afterSeq && matches(event)) as
    EventOf<Type> | undefined;
}

/** The last event of `type` on `agent` before seq `beforeSeq` that matches. */
function lastBefore<Type extends ClusterEvent['type']>(
  events: readonly ClusterEvent[],
  type: Type,
  agent: string,
  beforeSeq: number,
  matches: Match<Type>,
): EventOf<Type> | undefined {
  return events.findLast((event) => isOf(event, type, agent) && event.seq < beforeSeq && matches(event)) as
    EventOf<Type> | undefined;
}

/** A persist's start and end: plogWritten's stamp is its end, its duration says when it began. */
function persistSpan(persisted: EventOf<'plogWritten'>): [number, number] {
  return [centredMs(persisted) - persisted.durationMs, centredMs(persisted)];
}

/** The peer side of one fastAccept: its receive, persist, answer and the answer's arrival at A. */
function peerLeg(events: readonly ClusterEvent[], write: TracedWrite, sent: EventOf<'messageSent'>) {
  const peer = sent.peer;
  const received = firstAfter(events, 'messageReceived', peer, 0, (e) => e.messageId === sent.messageId);
  if (!received) return null;
  const persisted = firstAfter(events, 'plogWritten', peer, received.seq, (e) => e.keys.includes(write.key));
  if (!persisted) return null;
  const answered = firstAfter(
    events,
    'messageSent',
    peer,
    persisted.seq,
    (e) => e.messageType === 'fastAccepted' && e.key === write.key,
  );
  if (!answered) return null;
  const back = firstAfter(
    events,
    'messageReceived',
    write.roleA,
    sent.seq,
    (e) => e.messageId === answered.messageId,
  );
  return back ? { received, persisted, answered, back } : null;
}

/** A's fastAccepts for the write and the leg of the peer whose answer reached A first. */
function firstLeg(events: readonly ClusterEvent[], write: TracedWrite, proposed: EventOf<'proposalStarted'>) {
  const legs = events
    .filter(
      (e): e is EventOf<'messageSent'> =>
        isOf(e, 'messageSent', write.roleA) &&
        e.messageType === 'fastAccept' &&
        e.key === write.key &&
        e.index === proposed.index &&
        e.seq < proposed.seq,
    )
    .flatMap((sent) => {
      const leg = peerLeg(events, write, sent);
      return leg ? [{ sent, ...leg }] : [];
    });
  return legs.sort((x, y) => x.back.seq - y.back.seq)[0];
}

/**
 * The breakdown of one write from the events of every agent (each agent's in seq order), or null when
 * the write did not take the fast path or an event is missing (a watcher dropped it).
 */
export function breakDownWrite(events: readonly ClusterEvent[], write: TracedWrite): WriteBreakdown | null {
  const a = write.roleA;
  const forWrite = (e: { requestId: string }) => e.requestId === write.requestId;
  const hasKey = (e: EventOf<'plogWritten'>) => e.keys.includes(write.key);
  const proposed = firstAfter(events, 'proposalStarted', a, 0, forWrite);
  if (!proposed?.fast) return null;
  const leg = firstLeg(events, write, proposed);
  if (!leg) return null;
  // The Ready's events (proposalStarted among them) go out only after its persist is durable, so A's
  // own persist is the last one of the key before them, whether the fastAccept left before it or after.
  const ownPersist = lastBefore(events, 'plogWritten', a, proposed.seq, hasKey);
  const replied = firstAfter(events, 'replied', a, leg.back.seq, forWrite);
  if (!ownPersist || !replied) return null;
  const [persistStartMs, persistEndMs] = persistSpan(ownPersist);
  const sentMs = centredMs(leg.sent);
  // A fastAccept may leave while A's own persist runs (docs/one-fsync-fast-path.md): only the part of
  // that persist before it is on the write's path; the rest overlaps the peer's legs, and a reply that
  // still waits for it shows in 'A steps the vote and replies'.
  const stamps = [
    write.sentMs,
    persistStartMs,
    Math.min(persistEndMs, sentMs),
    sentMs,
    centredMs(leg.received),
    ...persistSpan(leg.persisted),
    centredMs(leg.answered),
    centredMs(leg.back),
    centredMs(replied),
    write.answeredMs,
  ];
  return { stagesMs: stamps.slice(1).map((stamp, i) => stamp - stamps[i]!) };
}

export interface StageSummary {
  stage: string;
  summary: LatencySummary;
}

/** Per-stage mean and percentiles over many writes. */
export function summarizeStages(breakdowns: readonly WriteBreakdown[]): StageSummary[] {
  return writeStages.map((stage, i) => ({
    stage,
    summary: summarizeLatencies(breakdowns.map((b) => b.stagesMs[i]!)),
  }));
}
