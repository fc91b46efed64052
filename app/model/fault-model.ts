/**
 * The one fault vocabulary of Paxoscope. The simulator's network, the agents' fault gate and the
 * console's fault controls all speak these types, so a fault drawn in a classroom run means the same
 * thing on real agents. Modelled on tigerbeetle's PacketSimulatorOptions: one doc line per field, a
 * limit on everything, and every error names its field and the limit it broke.
 */
import { z } from 'zod';
import { keyBytesMax } from '../paxos/config';
import { FieldError, zodProblem } from '../util/field-error';

/** A fault change or state that breaks the model; `field` is a path such as "rule.dropProbability". */
export class FaultModelError extends FieldError {
  override name = 'FaultModelError';
}

/** The longest extra one-way delay a link rule may add (delay plus jitter), in ms. */
export const linkDelayMsMax = 60_000;
/** How many per-link rules a fault state may hold. */
export const linkRulesMax = 256;
/** How many nodes a fault state may name (partition entries, pauses, held links). */
export const faultNodesMax = 1024;

const nodeIdPattern = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;
const nodeIdSchema = z
  .string()
  .regex(nodeIdPattern, 'must be 1-32 letters, digits, "-" or "_", starting with a letter');
/** A link endpoint: a node id, or "*" for every node. */
const endpointSchema = z.union([z.literal('*'), nodeIdSchema], {
  error: 'must be a node id or "*"',
});

const probabilitySchema = z
  .number('must be a number')
  .min(0, 'must be at least 0')
  .max(1, 'must be at most 1');
const delayMsSchema = z
  .number('must be a number')
  .int('must be a whole number of ms')
  .min(0, 'must be at least 0')
  .max(linkDelayMsMax, `must be at most ${linkDelayMsMax} ms`);

/** A directed link between two nodes; "*" matches any node. */
export const linkSchema = z.strictObject({
  /** The sending node, or "*". */
  from: endpointSchema,
  /** The receiving node, or "*". */
  to: endpointSchema,
});

/** How one directed link misbehaves. Rules apply on top of the transport's own latency. */
export const linkRuleSchema = linkSchema
  .extend({
    /** Chance in [0, 1] that a message on this link is lost. */
    dropProbability: probabilitySchema.default(0),
    /** Extra one-way delay added to every message on this link, in ms. */
    delayMs: delayMsSchema.default(0),
    /** Extra delay drawn uniformly from [0, jitterMs] per message, which reorders messages. */
    jitterMs: delayMsSchema.default(0),
    /** Chance in [0, 1] that a message is delivered twice, each copy with its own delay. */
    duplicateProbability: probabilitySchema.default(0),
  })
  .refine((rule) => rule.delayMs + rule.jitterMs <= linkDelayMsMax, {
    path: ['jitterMs'],
    message: `delayMs + jitterMs must be at most ${linkDelayMsMax} ms`,
  });

/**
 * The partition: for each node, the peers its messages reach. A node absent from the map reaches every
 * peer; an empty list isolates its sending side. Directed, so a one-way cut is a single missing entry.
 */
export const reachabilitySchema = z
  .record(nodeIdSchema, z.array(nodeIdSchema).max(faultNodesMax, `must list at most ${faultNodesMax} peers`))
  .refine((map) => Object.keys(map).length <= faultNodesMax, {
    message: `must name at most ${faultNodesMax} nodes`,
  });

/**
 * A partition declared as sides: nodes on different sides cannot talk. A datacenter partition is a split
 * whose sides are datacenters' nodes.
 */
export const splitSchema = z.strictObject({
  /** Two or more disjoint sets of nodes; nodes left out of every side keep all their links. */
  sides: z
    .array(z.array(nodeIdSchema).min(1, 'a side needs at least 1 node'))
    .min(2, 'a split needs at least 2 sides')
    .max(16, 'a split has at most 16 sides'),
  /** When true only messages from an earlier side to a later side are lost; replies still flow back. */
  oneWay: z.boolean().default(false),
});

/** Held messages wait on their link until someone releases, drops or duplicates them one at a time. */
export const holdSchema = z.strictObject({
  /** Hold every message on every link. */
  all: z.boolean().default(false),
  /** Hold messages on these directed links. */
  links: z.array(linkSchema).max(linkRulesMax, `must hold at most ${linkRulesMax} links`).default([]),
  /**
   * Nodes whose gates still hold messages after hold mode was lifted, as the console last counted. The
   * tray is cluster-wide, so while any node is listed every agent keeps its protocol time stopped.
   */
  heldAt: z.array(nodeIdSchema).max(faultNodesMax, `must name at most ${faultNodesMax} nodes`).default([]),
});

/** Every fault in force at one moment. The empty state is a healthy network. */
export const faultStateSchema = z.strictObject({
  /** Which peers each node can reach (see reachabilitySchema). */
  reachable: reachabilitySchema.default({}),
  /** Per-link misbehaviour; when several rules match a message, the last one wins. */
  links: z.array(linkRuleSchema).max(linkRulesMax, `must have at most ${linkRulesMax} rules`).default([]),
  /** Nodes that keep their state but process nothing until resumed. */
  paused: z.array(nodeIdSchema).max(faultNodesMax, `must pause at most ${faultNodesMax} nodes`).default([]),
  /** Links whose messages wait to be released by hand. */
  hold: holdSchema.default({ all: false, links: [], heldAt: [] }),
});

/** One change to the fault state, as the console, the simulator's input log and the agents apply it. */
export const faultChangeSchema = z.discriminatedUnion('kind', [
  /** Replace the partition with one built from sides. */
  z.strictObject({ kind: z.literal('partition'), split: splitSchema }),
  /** Stop messages from `from` reaching `to` (one direction only). */
  z.strictObject({ kind: z.literal('cut'), from: nodeIdSchema, to: nodeIdSchema }),
  /** Add or replace the rule for one directed link. */
  z.strictObject({ kind: z.literal('link'), rule: linkRuleSchema }),
  /** Stop a node processing anything; it keeps its state and its inbox. */
  z.strictObject({ kind: z.literal('pause'), node: nodeIdSchema }),
  z.strictObject({ kind: z.literal('resume'), node: nodeIdSchema }),
  /** Start holding messages on one link, or on all links when `link` is omitted. */
  z.strictObject({ kind: z.literal('hold'), link: linkSchema.optional() }),
  /** Stop holding on one link, or everywhere when `link` is omitted; held messages stay held. */
  z.strictObject({ kind: z.literal('unhold'), link: linkSchema.optional() }),
  /** Remove every partition, cut and link rule. Pauses and holds are left as they are. */
  z.strictObject({ kind: z.literal('heal') }),
  /**
   * Flip a byte of `key`'s chosen value in `node`'s LevelDB (docs/data-verification.md): a one-time act
   * on one agent's disk, through its VerificationService, that leaves the fault state as it is.
   */
  z.strictObject({
    kind: z.literal('corrupt'),
    node: nodeIdSchema,
    key: z.string().min(1, 'must not be empty').max(keyBytesMax, `must be at most ${keyBytesMax} characters`),
  }),
]);

export type Link = z.infer<typeof linkSchema>;
export type LinkRule = z.infer<typeof linkRuleSchema>;
export type LinkRuleInput = z.input<typeof linkRuleSchema>;
export type Reachability = z.infer<typeof reachabilitySchema>;
export type Split = z.infer<typeof splitSchema>;
export type Hold = z.infer<typeof holdSchema>;
export type FaultState = z.infer<typeof faultStateSchema>;
export type FaultChange = z.infer<typeof faultChangeSchema>;
export type FaultChangeInput = z.input<typeof faultChangeSchema>;

function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw FaultModelError.from(zodProblem(parsed.error));
}

/** Node ids a fault names, each with the field that names it, so unknown ids can be reported. */
function namedNodes(change: FaultChange): [string, string][] {
  switch (change.kind) {
    case 'partition':
      return change.split.sides.flatMap((side, s) =>
        side.map((node, n): [string, string] => [node, `split.sides[${s}][${n}]`]),
      );
    case 'cut':
      return [
        [change.from, 'from'],
        [change.to, 'to'],
      ];
    case 'link':
      return [
        [change.rule.from, 'rule.from'],
        [change.rule.to, 'rule.to'],
      ];
    case 'pause':
    case 'resume':
    case 'corrupt':
      return [[change.node, 'node']];
    case 'hold':
    case 'unhold':
      return change.link
        ? [
            [change.link.from, 'link.from'],
            [change.link.to, 'link.to'],
          ]
        : [];
    case 'heal':
      return [];
  }
}

/** Validates a fault change, and when `nodes` is given, that every node it names exists. */
export function validateFaultChange(input: unknown, nodes?: readonly string[]): FaultChange {
  const change = parseOrThrow(faultChangeSchema, input);
  if (nodes) {
    const known = new Set(nodes);
    for (const [node, field] of namedNodes(change)) {
      if (node !== '*' && !known.has(node)) throw new FaultModelError(field, `no node "${node}"`);
    }
  }
  if (change.kind === 'partition') checkSidesDisjoint(change.split);
  return change;
}

/** Validates a whole fault state (for example one loaded from a saved run). */
export function validateFaultState(input: unknown): FaultState {
  return parseOrThrow(faultStateSchema, input);
}

function checkSidesDisjoint(split: Split): void {
  const sideOf = new Map<string, number>();
  split.sides.forEach((side, s) =>
    side.forEach((node, n) => {
      const earlier = sideOf.get(node);
      if (earlier !== undefined && earlier !== s) {
        throw new FaultModelError(`split.sides[${s}][${n}]`, `node "${node}" is already on side ${earlier}`);
      }
      sideOf.set(node, s);
    }),
  );
}

/** A healthy network: no partition, no rules, nothing paused or held. */
export function healthyFaultState(): FaultState {
  return { reachable: {}, links: [], paused: [], hold: { all: false, links: [], heldAt: [] } };
}

function sameLink(a: Link, b: Link): boolean {
  return a.from === b.from && a.to === b.to;
}

function linkMatches(link: Link, from: string, to: string): boolean {
  return (link.from === '*' || link.from === from) && (link.to === '*' || link.to === to);
}

/** The reachability a split creates over `nodes`; nodes on no side keep every link. */
export function partitionFromSplit(split: Split, nodes: readonly string[]): Reachability {
  const sideOf = new Map<string, number>();
  split.sides.forEach((side, s) => side.forEach((node) => sideOf.set(node, s)));
  const reachable: Reachability = {};
  for (const node of nodes) {
    const mySide = sideOf.get(node);
    if (mySide === undefined) continue;
    reachable[node] = nodes.filter((peer) => {
      const peerSide = sideOf.get(peer);
      if (peer === node || peerSide === undefined || peerSide === mySide) return true;
      return split.oneWay && peerSide < mySide;
    });
  }
  return reachable;
}

/** Applies one change and returns the new state; `nodes` is every node of the cluster. */
export function applyFaultChange(
  state: FaultState,
  change: FaultChange,
  nodes: readonly string[],
): FaultState {
  switch (change.kind) {
    case 'partition':
      return { ...state, reachable: partitionFromSplit(change.split, nodes) };
    case 'cut': {
      const current = state.reachable[change.from] ?? nodes.filter((node) => node !== change.from);
      const remaining = current.filter((node) => node !== change.to);
      return { ...state, reachable: { ...state.reachable, [change.from]: remaining } };
    }
    case 'link':
      return {
        ...state,
        links: [...state.links.filter((rule) => !sameLink(rule, change.rule)), change.rule],
      };
    case 'pause':
      return state.paused.includes(change.node)
        ? state
        : { ...state, paused: [...state.paused, change.node] };
    case 'resume':
      return { ...state, paused: state.paused.filter((node) => node !== change.node) };
    case 'hold':
      return { ...state, hold: holdWith(state.hold, change.link) };
    case 'unhold':
      return { ...state, hold: holdWithout(state.hold, change.link) };
    case 'heal':
      return { ...state, reachable: {}, links: [] };
    case 'corrupt':
      return state;
  }
}

function holdWith(hold: Hold, link: Link | undefined): Hold {
  if (!link) return { ...hold, all: true };
  if (hold.links.some((held) => sameLink(held, link))) return hold;
  return { ...hold, links: [...hold.links, link] };
}

function holdWithout(hold: Hold, link: Link | undefined): Hold {
  if (!link) return { ...hold, all: false, links: [] };
  return { ...hold, links: hold.links.filter((held) => !sameLink(held, link)) };
}

/** Whether a message sent by `from` reaches `to` under the partition. A node always reaches itself. */
export function canReach(state: FaultState, from: string, to: string): boolean {
  if (from === to) return true;
  const reachable = state.reachable[from];
  return reachable === undefined || reachable.includes(to);
}

/** The rule for a directed link (the last matching one), or null when the link behaves normally. */
export function linkRuleFor(state: FaultState, from: string, to: string): LinkRule | null {
  for (let i = state.links.length - 1; i >= 0; i -= 1) {
    const rule = state.links[i]!;
    if (linkMatches(rule, from, to)) return rule;
  }
  return null;
}

/** Whether messages on this link wait to be released by hand. */
export function isHeld(state: FaultState, from: string, to: string): boolean {
  return state.hold.all || state.hold.links.some((link) => linkMatches(link, from, to));
}

export function isPaused(state: FaultState, node: string): boolean {
  return state.paused.includes(node);
}

/** Whether messages on some link are being held now (new messages wait in the gates). */
export function linksHeld(faults: FaultState): boolean {
  return faults.hold.all || faults.hold.links.length > 0;
}

/** Whether the fault state stops protocol time on every agent: links held, or messages left in the tray. */
export function holdInForce(faults: FaultState): boolean {
  return linksHeld(faults) || faults.hold.heldAt.length > 0;
}
