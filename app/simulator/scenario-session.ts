/**
 * Runs golden-scenario commands against a simulation and returns what each printed: the trace lines it
 * caused, or the answer to a query. Every command becomes ordinary simulation inputs through a history,
 * so a scenario is also an exportable run. The command language is documented in
 * test/scenarios/README.md.
 */
import { nodeLocations, nodesByDatacenter, placementGroups } from '../model/topology';
import { placeKey } from '../paxos';
import { newestChosen } from '../paxos/plog';
import { History } from './time-travel';
import { SimulationError, type ClientOp, type SimInputDraft } from './inputs';
import {
  describeFilter,
  matchesFilter,
  parseClusterOptions,
  parseLink,
  parseLinkRule,
  parseMessageFilter,
  parseSplit,
  parseTimeout,
  splitWords,
  type Words,
} from './scenario-words';
import { liveMessages, type WireMessage } from './sim-network';
import type { SimObserver } from './sim-observer';
import { Simulation } from './simulation';
import { stabilize } from './stabilize';
import { createTraceRecorder } from './trace';
import { formatRecord, formatWindow } from '../paxos/paxos-text';
import { isPaxosRecord, paxosState, type AnyMessage } from '../protocol/registry';

export class ScenarioSession {
  private history: History | null = null;
  private output: string[] = [];

  /** `watch()` gives the extra observers of each cluster the script starts (for example checkers). */
  constructor(private readonly watch: () => SimObserver[] = () => []) {}

  /** Runs one command line and returns its output (`ok` when it printed nothing). */
  run(command: string): string[] {
    this.output = [];
    try {
      this.dispatch(splitWords(command));
    } catch (error) {
      if (!(error instanceof SimulationError)) throw error;
      this.output.push(`error: ${error.message}`);
    }
    return this.output.length > 0 ? this.output : ['ok'];
  }

  /** The run so far, for export or replay checks. */
  get current(): History {
    if (!this.history) throw new SimulationError('command', 'start with "cluster default"');
    return this.history;
  }

  private apply(input: SimInputDraft): void {
    this.current.apply(input);
  }

  private dispatch(words: Words): void {
    const [verb = '', ...args] = words;
    switch (verb) {
      case 'cluster':
        return this.startCluster(args);
      case 'put':
        return this.client(args, 1, (key, rest) => ({ kind: 'put', key, value: need(rest, 0, 'value') }));
      case 'get':
      case 'delete':
        return this.client(args, 0, (key) => ({ kind: verb, key }));
      case 'cas':
        return this.client(args, 2, (key, rest) => ({
          kind: 'cas',
          key,
          expectedVersion: Number(need(rest, 0, 'version')),
          value: need(rest, 1, 'value'),
        }));
      case 'retry':
        return this.apply({
          kind: 'retry',
          node: need(args, 0, 'node'),
          of: need(args, 1, 'request id'),
          ...this.deadline(args.slice(2)),
        });
      case 'deliver':
      case 'drop':
      case 'duplicate':
        return this.handleMessages(verb, args);
      case 'hold':
      case 'unhold':
        return this.apply({
          kind: 'fault',
          change: args[0] === 'all' ? { kind: verb } : { kind: verb, link: parseLink(args) },
        });
      case 'partition':
        return this.apply({
          kind: 'fault',
          change: {
            kind: 'partition',
            split: parseSplit(args, nodesByDatacenter(this.current.sim.topology)),
          },
        });
      case 'cut':
        return this.apply({ kind: 'fault', change: { kind: 'cut', ...parseLink(args) } });
      case 'link':
        return this.apply({ kind: 'fault', change: { kind: 'link', rule: parseLinkRule(args) } });
      case 'heal':
        return this.apply({ kind: 'fault', change: { kind: 'heal' } });
      case 'pause':
      case 'resume':
        return this.apply({ kind: 'fault', change: { kind: verb, node: need(args, 0, 'node') } });
      case 'crash':
        return this.apply({
          kind: 'crash',
          node: need(args, 0, 'node'),
          point: crashPoints[args[1] ?? 'now'] ?? 'now',
        });
      case 'restart':
      case 'wipe':
        return this.apply({ kind: verb, node: need(args, 0, 'node') });
      case 'tick':
        return this.apply({ kind: 'advance', toMs: this.current.sim.nowMs + Number(need(args, 0, 'ms')) });
      case 'stabilize':
        return stabilize(this.current);
      default:
        return this.query(verb, args);
    }
  }

  private query(verb: string, args: Words): void {
    switch (verb) {
      case 'where':
        return this.where(need(args, 0, 'key'));
      case 'records':
        return this.records(need(args, 0, 'key'));
      case 'inflight':
        return this.listInFlight();
      default:
        throw new SimulationError('command', `unknown command "${verb}"`);
    }
  }

  private startCluster(args: Words): void {
    if (args[0] !== 'default') throw new SimulationError('cluster', 'only "cluster default" is supported');
    const { seed, options } = parseClusterOptions(args.slice(1));
    // The trace writes each protocol's facts in its own text (golden scenarios run PaxosKV).
    const recorder = createTraceRecorder((line) => this.output.push(line), options.protocol ?? 'paxoskv');
    this.history = new History(new Simulation(seed, options, [recorder, ...this.watch()]));
  }

  /** `VERB NODE KEY ARGS... [timeout=MS]`, where `argCount` words follow the key. */
  private client(args: Words, argCount: number, op: (key: string, rest: Words) => ClientOp): void {
    const rest = args.slice(2);
    this.apply({
      kind: 'client',
      node: need(args, 0, 'node'),
      op: op(need(args, 1, 'key'), rest),
      ...this.deadline(rest.slice(argCount)),
    });
  }

  /** `[timeout=MS]`: the caller gives up MS ms from now (the input's absolute deadlineMs). */
  private deadline(words: Words): { deadlineMs?: number } {
    const timeoutMs = parseTimeout(words);
    return timeoutMs === undefined ? {} : { deadlineMs: this.current.sim.nowMs + timeoutMs };
  }

  /**
   * `deliver FROM -> TO [TYPE [KEY#INDEX]]`: every live message on that link (of that type, for that
   * entry), oldest first; `deliver wN`: the message with wire id N (see `inflight`).
   */
  private handleMessages(verb: 'deliver' | 'drop' | 'duplicate', args: Words): void {
    const byId = /^w(\d+)$/.exec(args[0] ?? '');
    if (byId) return this.apply({ kind: verb, wireId: Number(byId[1]) });
    const filter = parseMessageFilter(args);
    const matching = liveMessages(this.current.sim.state.network).filter((wire) =>
      matchesFilter(wire.message, filter),
    );
    if (matching.length === 0) throw new SimulationError('command', `no ${describeFilter(filter)}`);
    for (const wire of matching) this.apply({ kind: verb, wireId: wire.wireId });
  }

  private where(key: string): void {
    const sim = this.current.sim;
    const groups = placementGroups(sim.topology);
    const dcOf = new Map(nodeLocations(sim.topology).map((node) => [node.id, node.datacenterId]));
    const { replicas } = placeKey(groups, key);
    const roles = replicas.map((node, i) => `${'ABC'[i]}=${node}(${dcOf.get(node)})`);
    this.output.push(`${key}: ${roles.join(' ')}`);
  }

  /**
   * Each replica's PLog for the key: in memory while it runs, on its disk while it is down; then the
   * dedup window of its newest chosen value, which answers retries.
   */
  private records(key: string): void {
    const sim = this.current.sim;
    for (const id of placeKey(placementGroups(sim.topology), key).replicas) {
      const node = sim.state.nodes[id]!;
      // Golden scenarios run PaxosKV: its PLog is what this view prints.
      const core = node.core && paxosState(node.core);
      const stored = node.storage.durable[key];
      const record = core ? core.records[key] : stored && isPaxosRecord(stored) ? stored : undefined;
      const diskSays = node.storage.durableMeta.learnerOnly ? ', learner-only' : '';
      const status = !core ? ` (down, on disk${diskSays})` : core.learner ? ' (learner-only)' : '';
      const chosen = record && newestChosen(record)?.value;
      const window = chosen && chosen.requests.length > 0 ? ` ${formatWindow(chosen)}` : '';
      this.output.push(`${id}${status} ${record ? formatRecord(record) : `${key} []`}${window}`);
    }
  }

  private listInFlight(): void {
    for (const wire of this.current.sim.inFlight())
      this.output.push(describeWire(wire, this.current.sim.protocol.text.message));
  }
}

function describeWire(wire: WireMessage, messageText: (message: AnyMessage) => string): string {
  const state = wire.dropped ? `lost (${wire.dropped})` : wire.held ? 'held' : `due t=${wire.deliverAtMs}`;
  return `w${wire.wireId} ${wire.message.from} → ${wire.message.to} ${messageText(wire.message)} sent t=${wire.sentAtMs} ${state}`;
}

/** A scenario's crash point words (`crash NODE [after-persist|before-persist]`). */
const crashPoints: Record<string, 'now' | 'afterPersist' | 'beforePersist'> = {
  now: 'now',
  'after-persist': 'afterPersist',
  'before-persist': 'beforePersist',
};

function need(words: Words, at: number, name: string): string {
  const word = words[at];
  if (word === undefined) throw new SimulationError('command', `missing ${name}`);
  return word;
}
