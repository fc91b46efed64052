/**
 * A lesson's commands on real agents (docs/lessons.md, "On real agents"): which golden-scenario
 * commands the console can also do to real agents, through the same services its panels use (a KV call
 * to a node, a fault change at every agent's gate, kill, restart, wipe), and why the others need the
 * simulator. A real cluster has no chosen message to deliver, no wire to list and no simulated clock to
 * hold, so those lessons play on the simulator only, and their file says so.
 */
import { faultChangeSchema, type FaultChange } from '../model/fault-model';
import { nodesByDatacenter, type Topology } from '../model/topology';
import { clientOpSchema, parseSimulationInput, SimulationError, type ClientOp } from '../simulator/inputs';
import { parseLink, parseLinkRule, parseSplit, splitWords, type Words } from '../simulator/scenario-words';

/** One command as main does it to real agents. */
export type AgentCommand =
  /** A client request to the node, numbered c1, c2, … in the lesson's order as on the simulator. */
  | { kind: 'client'; node: string; op: ClientOp }
  /** Request `of` again to `node`: the same id and operation. */
  | { kind: 'retry'; node: string; of: string }
  | { kind: 'fault'; change: FaultChange }
  | { kind: 'node'; action: 'kill' | 'restart' | 'wipeAndRestart'; node: string }
  /** `tick MS`: MS of real time pass (the agents' own timers and messages run meanwhile). */
  | { kind: 'wait'; ms: number }
  /** `stabilize`: every client request made so far is answered, then the agents fall quiet. */
  | { kind: 'settle' }
  /** `peek NODE KEY`: the node's newest chosen value of the key, read from its PLog (the lens's call). */
  | { kind: 'peek'; node: string; key: string }
  /** `records KEY`: each replica's newest chosen entry of the key, as the lens reads it. */
  | { kind: 'records'; key: string };

/** Why each command the agents cannot do needs the simulator, in a person's words. */
const simulatorOnly: Record<string, string> = {
  deliver: 'real agents cannot be made to deliver one chosen message',
  drop: 'real agents cannot be made to lose one chosen message',
  duplicate: 'real agents cannot be made to send one chosen message twice',
  hold: "hold mode stops real agents' clocks, so held messages do not wait as the lesson means",
  unhold: "hold mode stops real agents' clocks, so held messages do not wait as the lesson means",
  inflight: 'real agents have no wire to list',
  where: 'the agent player does not answer this query',
};

/** The reason `command` needs the simulator, or null when real agents can do it. */
export function simulatorOnlyReason(command: string): string | null {
  const [verb = '', ...args] = splitWords(command);
  const reason = simulatorOnly[verb];
  if (reason) return `"${verb}" needs the simulator: ${reason}`;
  if (verb === 'crash' && args.length > 1) {
    return `"crash ${args[1]}" needs the simulator: it stops a node at a chosen point of its next write`;
  }
  if (['put', 'get', 'delete', 'cas', 'retry'].includes(verb) && args.some((word) => word.includes('='))) {
    return `"${verb} … timeout=" needs the simulator: its deadline is in simulated time`;
  }
  return null;
}

/** The command as real agents do it; a malformed one is refused with a SimulationError naming the field. */
export function agentCommandOf(command: string, topology: Topology): AgentCommand {
  const reason = simulatorOnlyReason(command);
  if (reason) throw new SimulationError('command', reason);
  const [verb = '', ...args] = splitWords(command);
  const fault = (change: unknown): AgentCommand => ({
    kind: 'fault',
    change: parseSimulationInput(faultChangeSchema, change, 'command'),
  });
  switch (verb) {
    case 'put':
    case 'get':
    case 'delete':
    case 'cas':
      return { kind: 'client', node: need(args, 0, 'node'), op: clientOp(verb, args) };
    case 'retry':
      return { kind: 'retry', node: need(args, 0, 'node'), of: need(args, 1, 'request id') };
    case 'partition':
      return fault({ kind: 'partition', split: parseSplit(args, nodesByDatacenter(topology)) });
    case 'cut':
      return fault({ kind: 'cut', ...parseLink(args) });
    case 'link':
      return fault({ kind: 'link', rule: parseLinkRule(args) });
    case 'heal':
      return fault({ kind: 'heal' });
    case 'pause':
    case 'resume':
      return fault({ kind: verb, node: need(args, 0, 'node') });
    case 'crash':
      return { kind: 'node', action: 'kill', node: need(args, 0, 'node') };
    case 'restart':
      return { kind: 'node', action: 'restart', node: need(args, 0, 'node') };
    case 'wipe':
      return { kind: 'node', action: 'wipeAndRestart', node: need(args, 0, 'node') };
    case 'tick':
      return { kind: 'wait', ms: wholeMs(need(args, 0, 'ms')) };
    case 'stabilize':
      return { kind: 'settle' };
    case 'peek':
      return { kind: 'peek', node: need(args, 0, 'node'), key: need(args, 1, 'key') };
    case 'records':
      return { kind: 'records', key: need(args, 0, 'key') };
    default:
      throw new SimulationError('command', `unknown command "${verb}"`);
  }
}

function clientOp(verb: 'put' | 'get' | 'delete' | 'cas', args: Words): ClientOp {
  const key = need(args, 1, 'key');
  const op =
    verb === 'put'
      ? { kind: verb, key, value: need(args, 2, 'value') }
      : verb === 'cas'
        ? {
            kind: verb,
            key,
            expectedVersion: Number(need(args, 2, 'version')),
            value: need(args, 3, 'value'),
          }
        : { kind: verb, key };
  return parseSimulationInput(clientOpSchema, op, 'command');
}

/** The longest `tick` a lesson waits on real agents: a class does not sit through more. */
export const agentWaitMsMax = 30_000;

function wholeMs(text: string): number {
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms < 0 || ms > agentWaitMsMax) {
    throw new SimulationError(
      'command',
      `tick must be 0 to ${agentWaitMsMax} ms on real agents`,
      agentWaitMsMax,
    );
  }
  return ms;
}

function need(words: Words, at: number, name: string): string {
  const word = words[at];
  if (word === undefined) throw new SimulationError('command', `missing ${name}`);
  return word;
}
