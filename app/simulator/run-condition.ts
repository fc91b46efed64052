/**
 * "Run until …": a small condition language for stepping a simulation until something happens, read
 * from what one step produced (its cluster events), the state after it and the safety checks.
 *
 *   k1#3 is chosen      some node learns that index 3 of key k1 is chosen
 *   k1 is chosen        any index of k1 is chosen
 *   n1 times out        n1's proposer gives up a round (a backoff event) or n1 answers UNAVAILABLE
 *   c4 is answered      the client request c4 gets a reply (any attempt)
 *   t = 250             simulated time reaches 250 ms
 *   quiet               no message on the wire and every client answered (as stabilize means it)
 *   an invariant breaks a safety check fails
 *
 * Words are separated by spaces; a bad condition is a SimulationError naming the field "condition".
 */
import type { ClusterEvent } from '../model/cluster-event';
import type { NodeId } from '../paxos/types';
import { SimulationError } from './inputs';
import type { SimState } from './sim-state';
import { isQuiet } from './stabilize';

/** The longest condition text accepted, in characters. */
export const conditionCharsMax = 200;

export type RunCondition =
  | { kind: 'chosen'; key: string; index: number | null }
  | { kind: 'timesOut'; node: NodeId }
  | { kind: 'answered'; requestId: string }
  | { kind: 'time'; atMs: number }
  | { kind: 'quiet' }
  | { kind: 'violation' };

/** What one step left behind, for a condition to look at. */
export interface StepOutcome {
  events: readonly ClusterEvent[];
  state: SimState;
  /** Safety violations found so far in the run. */
  violations: number;
}

const forms =
  '"KEY#INDEX is chosen", "KEY is chosen", "NODE times out", "cN is answered", "t = MS", "quiet" or "an invariant breaks"';

export function parseRunCondition(text: string, nodes: readonly NodeId[]): RunCondition {
  if (text.length > conditionCharsMax) {
    throw new SimulationError(
      'condition',
      `must be at most ${conditionCharsMax} characters`,
      conditionCharsMax,
    );
  }
  const words = text
    .trim()
    .replace(/^until\s+/i, '')
    .split(/\s+/);
  const phrase = words.join(' ').toLowerCase();
  if (phrase === 'quiet') return { kind: 'quiet' };
  if (phrase === 'an invariant breaks' || phrase === 'invariant breaks') return { kind: 'violation' };
  const time = /^t\s*=\s*(\d{1,8})$/.exec(phrase);
  if (time) return { kind: 'time', atMs: Number(time[1]) };
  const [subject = '', ...rest] = words;
  const predicate = rest.join(' ').toLowerCase();
  if (predicate === 'is chosen') return chosenCondition(subject);
  if (predicate === 'times out') {
    if (!nodes.includes(subject)) {
      throw new SimulationError('condition', `no node "${subject}" (nodes: ${nodes.join(', ')})`);
    }
    return { kind: 'timesOut', node: subject };
  }
  if (predicate === 'is answered' && /^c[1-9][0-9]{0,8}$/.test(subject)) {
    return { kind: 'answered', requestId: subject };
  }
  throw new SimulationError('condition', `must read ${forms}`);
}

function chosenCondition(subject: string): RunCondition {
  const at = /^([^\s#]{1,1024})(?:#(\d{1,9}))?$/.exec(subject);
  if (!at) throw new SimulationError('condition', 'the key must be KEY or KEY#INDEX (INDEX a whole number)');
  return { kind: 'chosen', key: at[1]!, index: at[2] === undefined ? null : Number(at[2]) };
}

export function conditionMet(condition: RunCondition, outcome: StepOutcome): boolean {
  switch (condition.kind) {
    case 'chosen':
      return outcome.events.some(
        (event) =>
          event.type === 'chosen' &&
          event.key === condition.key &&
          (condition.index === null || event.index === condition.index),
      );
    case 'timesOut':
      return outcome.events.some(
        (event) =>
          event.agent === condition.node &&
          (event.type === 'backoff' ||
            (event.type === 'replied' && !event.ok && event.code === 'UNAVAILABLE')),
      );
    case 'answered':
      return Object.values(outcome.state.calls).some(
        (call) => call.requestId === condition.requestId && call.reply !== null,
      );
    case 'time':
      return outcome.state.nowMs >= condition.atMs;
    case 'quiet':
      return isQuiet(outcome.state);
    case 'violation':
      return outcome.violations > 0;
  }
}

/** The condition as the console words it back. */
export function describeCondition(condition: RunCondition): string {
  switch (condition.kind) {
    case 'chosen':
      return `${condition.key}${condition.index === null ? '' : `#${condition.index}`} is chosen`;
    case 'timesOut':
      return `${condition.node} times out`;
    case 'answered':
      return `${condition.requestId} is answered`;
    case 'time':
      return `t = ${condition.atMs}`;
    case 'quiet':
      return 'quiet';
    case 'violation':
      return 'an invariant breaks';
  }
}
