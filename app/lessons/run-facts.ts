/**
 * What a lesson asks about a run: a request's reply, a replica's own copy of a key (a one-replica read,
 * no Paxos), the node that proposed the value chosen at an entry, and whether a condition holds. The
 * player reads them from the simulation (`simulationFacts`); main's agent player reads the same facts
 * from real agents (main/lessons/agent-facts.ts). Every question's answer and every caption's check is
 * computed from these, so no answer is written into a lesson or a player.
 */
import type { ClusterEvent } from '../model/cluster-event';
import { formatBallot } from '../paxos/ballot';
import type { KeyRecord } from '../paxos/types';
import { isPaxosRecord, paxosState, type AnyInput, type AnyReady } from '../protocol/registry';
import type { SimObserver } from '../simulator/sim-observer';
import type { ClientReply, FailedReply, OkReply } from '../kv/operations';
import type { Simulation } from '../simulator/simulation';
import type { ClientCall } from '../simulator/sim-state';
import { bytesToBase64, bytesToUtf8 } from '../util/byte-text';
import type { Condition, Peek } from './lesson-schema';

/**
 * A reply as a lesson compares it: a core's ClientReply, or a failure real agents report in the
 * console's words (NODE_UNREACHABLE, DEADLINE_EXCEEDED: the call never got the core's answer).
 */
export type LessonReply = OkReply | (Omit<FailedReply, 'code'> & { code: string });

/** The facts of a run a lesson's conditions and questions read. */
export interface RunFacts {
  /** The request's reply: its first ok reply over all attempts, else its latest refusal; null while unanswered. */
  reply(requestId: string): LessonReply | null;
  /** What a one-replica read of the key at the node answers. */
  peek(peek: Peek): PeekResult;
  /** The node that proposed the value chosen at `key#index`; null while no replica has it chosen. */
  proposer(entry: string): string | null;
}

/** A value as a lesson names it: its UTF-8 text, or base64 when it is not text. */
export function valueText(data: Uint8Array): string {
  return bytesToUtf8(data) ?? bytesToBase64(data);
}

/**
 * The reply a request's client got: its first ok reply over all attempts, else its latest refusal;
 * null while no attempt is answered.
 */
function replyOf(sim: Simulation, requestId: string): ClientReply | null {
  const attempts = Object.values(sim.state.calls).filter((call) => call.requestId === requestId);
  const answered = attempts.filter(
    (call): call is ClientCall & { reply: ClientReply } => call.reply !== null,
  );
  return answered.find((call) => call.reply.ok)?.reply ?? answered.at(-1)?.reply ?? null;
}

/** A read's answer in a lesson's words: the value, "none", "fails" or "no answer". */
export function readAnswer(reply: LessonReply | null): string {
  if (reply === null) return 'no answer';
  if (!reply.ok) return 'fails';
  return reply.value === null ? 'none' : valueText(reply.value);
}

/** The replica's record of the key: its memory while it runs, its disk while it is down. */
function recordOn(sim: Simulation, node: string): (key: string) => KeyRecord | undefined {
  const simNode = sim.state.nodes[node];
  if (!simNode) throw new Error(`no node "${node}"`);
  return (key) => {
    if (simNode.core) return paxosState(simNode.core).records[key];
    const stored = simNode.storage.durable[key];
    return stored && isPaxosRecord(stored) ? stored : undefined;
  };
}

export interface PeekResult {
  /** The value of the replica's newest chosen entry, or "none" (nothing chosen, or deleted). */
  value: string;
  /** The key's version in that entry; 0 when nothing is chosen. */
  version: number;
}

/** What a one-replica read answers: the replica's newest chosen value, asking no one. */
export function peekValue(sim: Simulation, peek: Peek): PeekResult {
  const record = recordOn(sim, peek.node)(peek.key);
  const chosen = record?.instances.filter((instance) => instance.chosen).at(-1)?.value;
  if (!chosen) return { value: 'none', version: 0 };
  return { value: chosen.deleted ? 'none' : valueText(chosen.data), version: chosen.version };
}

/**
 * Remembers who proposed the value chosen at each entry, as replicas persist it: a PLog keeps only
 * its newest entries, so the answer for an older entry must be kept as the run goes.
 */
export class ChosenProposers implements SimObserver {
  private readonly owners = new Map<string, string>();

  onStep(_nowMs: number, _node: string, _input: AnyInput, ready: AnyReady): void {
    for (const { record } of ready.persist) {
      if (!isPaxosRecord(record)) continue;
      for (const instance of record.instances) {
        if (instance.chosen && instance.value)
          this.owners.set(`${record.key}#${instance.index}`, instance.value.owner);
      }
    }
  }

  /** The node that proposed the value chosen at `key#index`; null while no replica has it chosen. */
  of(entry: string): string | null {
    return this.owners.get(entry) ?? null;
  }
}

/** True when `event` has every field the condition gives, with the same value. */
function eventMatches(event: ClusterEvent, wanted: Record<string, unknown>): boolean {
  const fields: Record<string, unknown> = { ...event, ballot: event.ballot && formatBallot(event.ballot) };
  return Object.entries(wanted).every(([name, value]) => fields[name] === value);
}

function replyMatches(
  reply: LessonReply | null,
  wanted: Extract<Condition, { reply: unknown }>['reply'],
): boolean {
  const { request: _request, answered, value, ...fields } = wanted;
  if (answered !== undefined && answered !== (reply !== null)) return false;
  if (reply === null) return answered === false && Object.keys(fields).length === 0 && value === undefined;
  if (value !== undefined && readAnswer(reply) !== value) return false;
  const got = reply as unknown as Record<string, unknown>;
  return Object.entries(fields).every(([name, expected]) => got[name] === expected);
}

/** Whether a condition holds after a step whose events were `events`. */
export function conditionHolds(
  facts: RunFacts,
  events: readonly ClusterEvent[],
  condition: Condition,
): boolean {
  if ('reply' in condition) return replyMatches(facts.reply(condition.reply.request), condition.reply);
  if ('event' in condition) return events.some((event) => eventMatches(event, condition.event));
  if ('noEvent' in condition) return !events.some((event) => eventMatches(event, condition.noEvent));
  return facts.peek(condition.peek).value === condition.peek.value;
}

/** The facts of a simulated run, read from the simulation as it stands. */
export function simulationFacts(sim: Simulation, proposers: ChosenProposers): RunFacts {
  return {
    reply: (requestId) => replyOf(sim, requestId),
    peek: (peek) => peekValue(sim, peek),
    proposer: (entry) => proposers.of(entry),
  };
}

/** A condition as a line a person reads in a check list: `reply c2 ok=true path=fast`. */
export function describeCondition(condition: Condition): string {
  const [kind, fields] = Object.entries(condition)[0] as [string, Record<string, unknown>];
  const words = Object.entries(fields).map(([name, value]) => `${name}=${String(value)}`);
  return `${kind} ${words.join(' ')}`;
}
