/**
 * The facts of a lesson's run on real agents (app/lessons/run-facts.ts's RunFacts): the replies the
 * console's KV calls got, and what the replicas' PLogs say, read with the PLog lens's own call
 * (inspectKey). The PLog reads a step's conditions and question need are made once the step has run,
 * so judging the step (app/lessons/step-outcome.ts) reads them without waiting.
 */
import type { KvCommandResult } from '../../app/contract/kv-schemas';
import type { PlogView } from '../../app/contract/plog-view';
import type { Condition, LessonStep, Peek } from '../../app/lessons/lesson-schema';
import type { LessonReply, PeekResult, RunFacts } from '../../app/lessons/run-facts';
import { placementGroups } from '../../app/model/topology';
import { placeKey } from '../../app/paxos';
import { assert } from '../../app/util/assert';
import { base64ToBytes, utf8ToBytes } from '../../app/util/byte-text';
import type { ConsoleContext } from '../console/console-context';
import { inspectKey } from '../console/fault-commands';

/** A peek of a node that does not answer (killed, or its disk being wiped): no value can match it. */
export const unansweredPeek: PeekResult = { value: '(no answer)', version: 0 };

/** A KV result as a lesson compares it: the core's reply, or the console's failure code. */
export function lessonReply(requestId: string, result: KvCommandResult): LessonReply {
  if (!result.ok) {
    return {
      requestId,
      ok: false,
      code: result.code,
      message: result.message,
      definite: result.definite ?? false,
    };
  }
  const value =
    result.found && result.value !== null
      ? result.valueEncoding === 'base64'
        ? base64ToBytes(result.value)
        : utf8ToBytes(result.value)
      : null;
  return {
    requestId,
    ok: true,
    version: result.version,
    value,
    index: result.index,
    path: result.path,
  };
}

/** What a one-replica read of the node's PLog answers: its newest chosen value. */
export async function peekAgent(context: ConsoleContext, peek: Peek): Promise<PeekResult> {
  const view = await readPlog(context, peek.node, peek.key);
  if (!view) return unansweredPeek;
  const chosen = view.instances.filter((instance) => instance.chosen).at(-1)?.value;
  if (!chosen) return { value: 'none', version: 0 };
  return { value: chosen.deleted ? 'none' : chosen.value, version: chosen.version };
}

/** The node that proposed the value chosen at `key#index`, as the key's replicas keep it; null if none does. */
export async function proposerOnAgents(context: ConsoleContext, entry: string): Promise<string | null> {
  const at = entry.lastIndexOf('#');
  const key = entry.slice(0, at);
  const index = Number(entry.slice(at + 1));
  for (const node of replicasOf(context, key)) {
    const view = await readPlog(context, node, key);
    const recent = view?.recent.find((chosen) => chosen.index === index);
    if (recent) return recent.owner;
    const instance = view?.instances.find((kept) => kept.index === index && kept.chosen);
    if (instance?.value) return instance.value.owner;
  }
  return null;
}

/** Each replica's newest chosen entry of the key, one line per replica (the `records` query on agents). */
export async function recordsOnAgents(context: ConsoleContext, key: string): Promise<string[]> {
  const lines: string[] = [];
  for (const node of replicasOf(context, key)) {
    const view = await readPlog(context, node, key);
    if (!view) {
      lines.push(`${node} (no answer)`);
      continue;
    }
    const chosen = view.instances.filter((instance) => instance.chosen).at(-1);
    const value = chosen?.value ? (chosen.value.deleted ? 'deleted' : `"${chosen.value.value}"`) : 'nothing';
    lines.push(`${node} ${key} chosen=${view.header?.chosenIndex ?? 0} ${value}`);
  }
  return lines;
}

function replicasOf(context: ConsoleContext, key: string): string[] {
  return placeKey(placementGroups(context.requireSession().topology), key).replicas;
}

/** The node's PLog view of the key; null when the node does not answer. */
async function readPlog(context: ConsoleContext, node: string, key: string): Promise<PlogView | null> {
  try {
    return await inspectKey(context, { nodeId: node, key });
  } catch {
    return null;
  }
}

/** Every PLog read a step's conditions and question name. */
function plogReadsOf(step: LessonStep): { peeks: Peek[]; entries: string[] } {
  const peeks: Peek[] = [];
  const fromCondition = (condition: Condition) => {
    if ('peek' in condition) peeks.push({ node: condition.peek.node, key: condition.peek.key });
  };
  step.expect.forEach(fromCondition);
  const question = step.question;
  if (question?.kind === 'which-value' && question.peek) peeks.push(question.peek);
  if (question?.kind === 'choice') question.choices.forEach((choice) => fromCondition(choice.when));
  return { peeks, entries: question?.kind === 'which-node' ? [question.chosen] : [] };
}

/** The run's facts after `step`: the replies so far and the PLog reads the step names, read now. */
export async function agentFacts(
  context: ConsoleContext,
  step: LessonStep,
  replies: ReadonlyMap<string, LessonReply>,
): Promise<RunFacts> {
  const { peeks, entries } = plogReadsOf(step);
  const peeked = new Map<string, PeekResult>();
  for (const peek of peeks) peeked.set(`${peek.node} ${peek.key}`, await peekAgent(context, peek));
  const proposers = new Map<string, string | null>();
  for (const entry of entries) proposers.set(entry, await proposerOnAgents(context, entry));
  return {
    reply: (requestId) => replies.get(requestId) ?? null,
    peek: (peek) => {
      const found = peeked.get(`${peek.node} ${peek.key}`);
      assert(found !== undefined, `the step names no peek of ${peek.key} at ${peek.node}`);
      return found;
    },
    proposer: (entry) => {
      assert(proposers.has(entry), `the step names no entry ${entry}`);
      return proposers.get(entry)!;
    },
  };
}
