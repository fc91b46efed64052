/**
 * Reading the arguments of golden-scenario commands: links (`n0 -> n1`), link rules
 * (`drop=0.5 delay=10`), splits (`dc1 | dc2 dc3`) and cluster options (`seed=7 latency=1..3`).
 * Values are checked later by the fault-model and simulator schemas, which name the field.
 */
import type { Link, LinkRuleInput, Split } from '../model/fault-model';
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

/** `seed=N latency=MIN..MAX tick=MS fastPath=false` after `cluster default`. */
export function parseClusterOptions(words: Words): { seed: number; options: SimOptionsInput } {
  const found = settings(words);
  const [latencyMin, latencyMax] = (found.get('latency') ?? '').split('..');
  const options: SimOptionsInput = {
    tickIntervalMs: numberSetting(found, 'tick'),
    latencyMinMs: latencyMin ? Number(latencyMin) : 1,
    latencyMaxMs: latencyMax ? Number(latencyMax) : latencyMin ? Number(latencyMin) : 1,
    fastPath: found.get('fastPath') !== 'false',
  };
  return { seed: numberSetting(found, 'seed') ?? 1, options };
}
