/** The control CLI's grammar: commands, arguments and flags, each mistake naming its field. */
import { readFileSync } from 'node:fs';
import type { FaultChangeInput } from '../../../app/model/fault-model';
import { nodeLocations, type NodeLocation, type Topology } from '../../../app/model/topology';
import { controlTokenEnv } from '../../../app/proto/control-metadata';
import { integerFlag, parseFlags, stringFlag, UsageError, type FlagValues } from '../cli/flags';
import { loadTopology } from '../cli/topology-flag';
import type { HeldAction } from './control-client';

export const controlUsage = `Usage: npm run ctl -- COMMAND [arguments] [options]

Watch:
  watch [--from SEQ]                 one line per event, until Ctrl-C (all agents unless --node)
  status                             uptime, counters, faults, events dropped
  inspect KEY                        this replica's PLog for KEY (needs --node)
  faults                             the fault state each agent applies
  held                               messages waiting in the agents' gates
Faults (sent to every agent unless --node):
  partition SIDE SIDE... [--one-way] SIDE = datacenter and node ids joined by commas (dc1, n0,n3, dc2,dc3)
  cut FROM TO                        messages from FROM no longer reach TO (one direction)
  link FROM TO [--drop P] [--delay MS] [--jitter MS] [--duplicate P]
                                     FROM/TO may be "*"; P in [0, 1], delay + jitter ≤ 60000 ms;
                                     write a negative number as --delay=-5
  hold [FROM TO] / unhold [FROM TO]  hold messages on one link, or on all links
  release ID / drop ID / duplicate ID
                                     let one held message go (asks the sender, which holds it)
  pause [NODE] / resume [NODE]       stop / restart processing on NODE (default --node)
  heal                               remove partitions, cuts and link rules
  crash                              exit the agent at once, like kill -9 (needs --node)
  corrupt KEY  (or --corrupt KEY)    flip a byte of KEY's chosen value in the agent's LevelDB, for
                                     its verifier to find and repair (needs --node; PaxosKV)
Time:
  pace RATE                          protocol time (timeouts, retries, deadlines) at RATE x real time:
                                     1 normal, 0.1 slow motion, 0 stopped; hold mode stops it anyway

Options:
  --node ID          the agent to ask
  --topology FILE    the cluster's topology (default: the embedded one)
  --base-port P      first port of the embedded topology (default 7401)
  --token TOKEN      the cluster token (default: env ${controlTokenEnv})
  --token-file FILE  read the token from FILE (npm run cluster writes <data-dir>/token)
  --help             print this text

Exit codes: 0 ok, 1 an agent refused or did not answer, 2 bad input.`;

const flagSpec = {
  node: { switch: false },
  topology: { switch: false },
  'base-port': { switch: false },
  token: { switch: false },
  'token-file': { switch: false },
  from: { switch: false },
  'one-way': { switch: true },
  drop: { switch: false },
  delay: { switch: false },
  jitter: { switch: false },
  duplicate: { switch: false },
  corrupt: { switch: false },
  help: { switch: true },
} as const;

export type ControlAction =
  | { kind: 'watch'; fromSeq: number }
  | { kind: 'status' }
  | { kind: 'inspect'; key: string }
  | { kind: 'faults' }
  | { kind: 'held' }
  | { kind: 'fault'; change: FaultChangeInput }
  | { kind: 'release'; id: string; action: HeldAction }
  | { kind: 'pace'; rate: number }
  | { kind: 'crash' }
  | { kind: 'corrupt'; key: string };

export interface ControlCommand {
  action: ControlAction;
  /** The agents to ask, in topology order. */
  targets: NodeLocation[];
  token: string | null;
}

interface Parsed {
  values: FlagValues;
  args: string[];
  nodes: NodeLocation[];
}

export function parseControlCommand(argv: readonly string[]): ControlCommand | 'help' {
  const { values, positionals } = parseFlags(argv, flagSpec, true);
  if (values.help === true) return 'help';
  const topology = loadTopology(stringFlag(values, 'topology'), integerFlag(values, 'base-port', 1, 65530));
  const nodes = nodeLocations(topology);
  const corrupt = stringFlag(values, 'corrupt');
  const [command = corrupt === undefined ? '' : 'corrupt', ...args] =
    corrupt === undefined ? positionals : ['corrupt', corrupt, ...positionals];
  const parsed: Parsed = { values, args, nodes };
  const action = parseAction(command, parsed, topology);
  return {
    action,
    targets: targetsOf(action, parsed),
    token: tokenOf(values),
  };
}

function tokenOf(values: FlagValues): string | null {
  const file = stringFlag(values, 'token-file');
  if (file === undefined) return stringFlag(values, 'token') ?? (process.env[controlTokenEnv] || null);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new UsageError('--token-file', `cannot read ${file}: ${(error as Error).message}`);
  }
}

function parseAction(command: string, parsed: Parsed, topology: Topology): ControlAction {
  const { args, values } = parsed;
  switch (command) {
    case 'watch':
      expectArgs(command, args, []);
      return { kind: 'watch', fromSeq: integerFlag(values, 'from', 0, Number.MAX_SAFE_INTEGER) ?? 0 };
    case 'status':
    case 'faults':
    case 'held':
    case 'crash':
      expectArgs(command, args, []);
      return { kind: command };
    case 'inspect':
    case 'corrupt':
      expectArgs(command, args, ['KEY']);
      return { kind: command, key: args[0]! };
    case 'release':
    case 'drop':
    case 'duplicate':
      expectArgs(command, args, ['ID']);
      return { kind: 'release', id: args[0]!, action: command === 'release' ? 'deliver' : command };
    case 'pace': {
      expectArgs(command, args, ['RATE']);
      const rate = Number(args[0]);
      if (args[0] === '' || !Number.isFinite(rate))
        throw new UsageError('RATE', `must be a number from 0 to 1, got "${args[0]}"`);
      return { kind: 'pace', rate };
    }
    default:
      return { kind: 'fault', change: parseFaultChange(command, parsed, topology) };
  }
}

function parseFaultChange(command: string, { args, values }: Parsed, topology: Topology): FaultChangeInput {
  switch (command) {
    case 'partition':
      if (args.length < 2) throw new UsageError('SIDE', 'partition needs at least two sides');
      return {
        kind: 'partition',
        split: { sides: args.map((side) => sideNodes(side, topology)), oneWay: values['one-way'] === true },
      };
    case 'cut':
      expectArgs(command, args, ['FROM', 'TO']);
      return { kind: 'cut', from: args[0]!, to: args[1]! };
    case 'link':
      expectArgs(command, args, ['FROM', 'TO']);
      return { kind: 'link', rule: { from: args[0]!, to: args[1]!, ...linkNumbers(values) } };
    case 'hold':
    case 'unhold':
      if (args.length === 0) return { kind: command };
      expectArgs(command, args, ['FROM', 'TO']);
      return { kind: command, link: { from: args[0]!, to: args[1]! } };
    case 'pause':
    case 'resume': {
      const node = args[0] ?? stringFlag(values, 'node');
      if (args.length > 1) throw new UsageError('(arguments)', `${command} takes at most one NODE`);
      if (node === undefined) throw new UsageError('NODE', `${command} needs a NODE or --node`);
      return { kind: command, node };
    }
    case 'heal':
      expectArgs(command, args, []);
      return { kind: 'heal' };
    default:
      throw new UsageError('COMMAND', `unknown command "${command}" (see --help)`);
  }
}

function expectArgs(command: string, args: readonly string[], names: readonly string[]): void {
  if (args.length === names.length) return;
  const usage = names.length === 0 ? 'no arguments' : names.join(' ');
  throw new UsageError(names[args.length] ?? '(arguments)', `${command} takes ${usage}`);
}

/** A side is a comma-separated list of datacenter ids (each standing for its nodes) and node ids. */
function sideNodes(side: string, topology: Topology): string[] {
  return side
    .split(',')
    .filter((item) => item !== '')
    .flatMap((item) => {
      const datacenter = topology.datacenters.find((dc) => dc.id === item);
      return datacenter ? datacenter.miniClusters.flatMap((mc) => mc.nodes.map((node) => node.id)) : [item];
    });
}

/** Numbers as typed; the fault model checks their ranges and names the field. */
function linkNumbers(values: FlagValues) {
  const fields = {
    dropProbability: 'drop',
    delayMs: 'delay',
    jitterMs: 'jitter',
    duplicateProbability: 'duplicate',
  } as const;
  const rule: Partial<Record<keyof typeof fields, number>> = {};
  for (const [field, flag] of Object.entries(fields) as [keyof typeof fields, string][]) {
    const text = stringFlag(values, flag);
    if (text === undefined) continue;
    const number = Number(text);
    if (!Number.isFinite(number)) throw new UsageError(`--${flag}`, `must be a number, got "${text}"`);
    rule[field] = number;
  }
  return rule;
}

function targetsOf(action: ControlAction, { values, nodes }: Parsed): NodeLocation[] {
  const named = stringFlag(values, 'node');
  const pick = (id: string, field: string) => {
    const node = nodes.find((candidate) => candidate.id === id);
    if (!node)
      throw new UsageError(
        field,
        `"${id}" is not in the topology (nodes: ${nodes.map((n) => n.id).join(', ')})`,
      );
    return [node];
  };
  if (named !== undefined) return pick(named, '--node');
  if (action.kind === 'inspect' || action.kind === 'crash' || action.kind === 'corrupt')
    throw new UsageError('--node', `${action.kind} needs --node`);
  if (action.kind === 'release') return pick(action.id.slice(0, action.id.lastIndexOf(':')), 'ID');
  if (action.kind === 'fault' && (action.change.kind === 'pause' || action.change.kind === 'resume')) {
    return pick(action.change.node, 'NODE');
  }
  return nodes;
}
