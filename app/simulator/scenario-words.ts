/**
 * Reading the arguments of golden-scenario commands: links (`n0 -> n1`), message selectors
 * (`n0 -> n1 chosen k1#1`), link rules (`drop=0.5 delay=10`), splits (`dc1 | dc2 dc3`), client
 * timeouts (`timeout=50`) and cluster options (`seed=7 latency=1..3 dedupWindow=4`). Values are
 * checked later by the fault-model, topology and simulator schemas, which name the field.
 */
import type { Link, LinkRuleInput, Split } from '../model/fault-model';
import { defaultTopology } from '../model/topology';
import type { AnyMessage } from '../protocol/registry';
import { SimulationError, type SimOptionsInput } from './inputs';

export type Words = string[];

/** Splits a command line into words, with `→` read as `->` and arrows always standing alone. */
export function splitWords(line: string): Words {
  return line.replace(/→/g, '->').replace(/->/g, ' -> ').trim().split(/\s+/);
}

/** `FROM -> TO` at the start of the words. */
export function parseLink(words: Words): Link {
  const [from, arrow, to] = words;
  if (!from || arrow !== '->' || !to) throw new SimulationError('command', 'expected a link "FROM -> TO"');
  return { from, to };
}

/** Which live messages a deliver, drop or duplicate command acts on. */
export interface MessageFilter extends Link {
  type?: string;
  key?: string;
  index?: number;
}

/** `FROM -> TO [TYPE [KEY#INDEX]]`, where `*` matches any node. */
export function parseMessageFilter(words: Words): MessageFilter {
  const filter: MessageFilter = { ...parseLink(words), type: words[3] };
  const entry = words[4];
  if (entry === undefined) return filter;
  const at = /^(.+)#(\d+)$/.exec(entry);
  if (!at) throw new SimulationError('command', `expected an entry "KEY#INDEX", got "${entry}"`);
  return { ...filter, key: at[1], index: Number(at[2]) };
}

export function matchesFilter(message: AnyMessage, filter: MessageFilter): boolean {
  return (
    (filter.from === '*' || message.from === filter.from) &&
    (filter.to === '*' || message.to === filter.to) &&
    (filter.type === undefined || message.type === filter.type) &&
    (filter.key === undefined || message.key === filter.key) &&
    (filter.index === undefined || ('index' in message && message.index === filter.index))
  );
}

export function describeFilter(filter: MessageFilter): string {
  const entry = filter.key === undefined ? '' : ` for ${filter.key}#${filter.index}`;
  return `${filter.type ?? 'message'}${entry} on ${filter.from} -> ${filter.to}`;
}

/** `[timeout=MS]` after a client command's own arguments; undefined when absent. */
export function parseTimeout(words: Words): number | undefined {
  const found = settings(words);
  for (const name of found.keys()) {
    if (name !== 'timeout') throw new SimulationError('command', `unknown setting "${name}"`);
  }
  const timeoutMs = numberSetting(found, 'timeout');
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs >= 0)) {
    throw new SimulationError(
      'command',
      `timeout must be a whole number of ms, got "${found.get('timeout')}"`,
    );
  }
  return timeoutMs;
}

function settings(words: Words): Map<string, string> {
  const found = new Map<string, string>();
  for (const word of words) {
    const [name, value, extra] = word.split('=');
    if (!name || value === undefined || extra !== undefined) {
      throw new SimulationError('command', `expected name=value, got "${word}"`);
    }
    found.set(name, value);
  }
  return found;
}

function numberSetting(found: Map<string, string>, name: string): number | undefined {
  const text = found.get(name);
  return text === undefined ? undefined : Number(text);
}

/** `FROM -> TO drop=P delay=MS jitter=MS duplicate=P`. */
export function parseLinkRule(words: Words): LinkRuleInput {
  const found = settings(words.slice(3));
  return {
    ...parseLink(words),
    dropProbability: numberSetting(found, 'drop'),
    delayMs: numberSetting(found, 'delay'),
    jitterMs: numberSetting(found, 'jitter'),
    duplicateProbability: numberSetting(found, 'duplicate'),
  };
}

/** `[oneway] A B | C D`, where a name is a node or a datacenter (meaning all its nodes). */
export function parseSplit(words: Words, datacenterNodes: Map<string, string[]>): Split {
  const oneWay = words[0] === 'oneway';
  const sides: string[][] = [[]];
  for (const word of oneWay ? words.slice(1) : words) {
    if (word === '|') sides.push([]);
    else sides[sides.length - 1]!.push(...(datacenterNodes.get(word) ?? [word]));
  }
  return { sides, oneWay };
}

/** `seed=N latency=MIN..MAX tick=MS fastPath=false dedupWindow=N` after `cluster default`. */
export function parseClusterOptions(words: Words): { seed: number; options: SimOptionsInput } {
  const found = settings(words);
  const [latencyMin, latencyMax] = (found.get('latency') ?? '').split('..');
  const options: SimOptionsInput = {
    tickIntervalMs: numberSetting(found, 'tick'),
    latencyMinMs: latencyMin ? Number(latencyMin) : 1,
    latencyMaxMs: latencyMax ? Number(latencyMax) : latencyMin ? Number(latencyMin) : 1,
    fastPath: found.get('fastPath') !== 'false',
  };
  // Validated by the simulation's options schema (an unknown protocol is refused there, naming it).
  const protocol = found.get('protocol');
  if (protocol !== undefined) options.protocol = protocol as SimOptionsInput['protocol'];
  const dedupWindow = numberSetting(found, 'dedupWindow');
  const zoneFailures = numberSetting(found, 'zoneFailures');
  if (dedupWindow !== undefined || zoneFailures !== undefined) {
    const topology = defaultTopology();
    options.topology = {
      ...topology,
      ...(zoneFailures === undefined ? {} : { zoneFailures }),
      limits: { ...topology.limits, ...(dedupWindow === undefined ? {} : { dedupWindow }) },
    };
  }
  return { seed: numberSetting(found, 'seed') ?? 1, options };
}
