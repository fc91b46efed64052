/**
 * What a lesson file holds (docs/lessons.md): the cluster to build, then steps, each with the
 * simulator commands it runs (the golden-scenario language of test/scenarios/README.md, plus `peek`),
 * a caption or a prompt, an optional question whose answer the player computes from the run, and
 * conditions the run must meet so that the caption is true of it.
 */
import { z } from 'zod';
import { protocolNames } from '../protocol/protocol';

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const nodeId = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be a node id like "n0"');
const keyName = z.string().min(1, 'must not be empty').max(1024, 'must be at most 1024 characters');
/** A client request by the id the simulation gives it: c1 for the lesson's first client command, … */
export const requestRef = z.string().regex(/^c[1-9][0-9]{0,4}$/, 'must be a request id like "c2"');
/** An entry of a key: `k1#2`. */
const entryRef = z.string().regex(/^.+#[1-9][0-9]{0,8}$/, 'must be an entry like "k1#2"');

/** A read of one replica's own copy, with no Paxos: what a one-replica read would answer. */
const peekSchema = z.strictObject({ node: nodeId, key: keyName });

/** A client reply the run must (or must not) contain; only the fields given are compared. */
const replyCondition = z.strictObject({
  request: requestRef,
  /** False: no reply yet at the step's end. */
  answered: z.boolean().optional(),
  ok: z.boolean().optional(),
  code: z.string().max(64).optional(),
  path: z.enum(['fast', 'prepare', 'local', 'catch-up', 'redo', 'dedup']).optional(),
  /** For a get: the value read, or "none" when the key is absent. */
  value: z.string().max(65_536).optional(),
  version: z.number().int().min(0).optional(),
  index: z.number().int().min(0).optional(),
  /** For a refusal: true when no attempt of the request can still take effect. */
  definite: z.boolean().optional(),
});

/** An event of the step (app/model/cluster-event.ts); only the fields given are compared. */
const eventCondition = z.strictObject({
  type: z.string().regex(/^[a-z][A-Za-z]{1,40}$/, 'must be an event type like "proposalStarted"'),
  agent: nodeId.optional(),
  peer: nodeId.optional(),
  key: keyName.optional(),
  index: z.number().int().min(0).optional(),
  /** The event's ballot as the trace writes it: "b(1,3)". */
  ballot: z
    .string()
    .regex(/^b\(\d+,\d+\)$/, 'must be a ballot like "b(1,3)"')
    .optional(),
  requestId: z.string().max(32).optional(),
  /** protocolStep (WPaxos, PaxosCertain, …): the protocol's own step, "stole" or "slotChosen". */
  step: z
    .string()
    .regex(/^[a-z][A-Za-z]{1,40}$/, 'must be a protocol step like "stole"')
    .optional(),
  fast: z.boolean().optional(),
  how: z.enum(['local', 'catch-up', 'redo']).optional(),
  on: z.boolean().optional(),
  ok: z.boolean().optional(),
  code: z.string().max(64).optional(),
  what: z.enum(['prepare', 'accept', 'fastAccept']).optional(),
  /** backoff: the proposal round that was lost. */
  round: z.number().int().min(0).optional(),
  /** catchUp: the chosen index the node had before. */
  fromIndex: z.number().int().min(0).optional(),
  learnerOnly: z.boolean().optional(),
  messageType: z.string().max(32).optional(),
  /** faultApplied: the fault as its scenario command reads, "partition n0 n3 | n1 n4 n2 n5". */
  description: z.string().max(512).optional(),
  reason: z.string().max(64).optional(),
});

/** One fact about the run, checked against the step's events and the replies so far. */
export const conditionSchema = z.union([
  z.strictObject({ reply: replyCondition }),
  z.strictObject({ event: eventCondition }),
  /** No event of the step matches. */
  z.strictObject({ noEvent: eventCondition }),
  /** A peek of the step answered this value ("none" when the replica holds nothing chosen). */
  z.strictObject({ peek: peekSchema.extend({ value: z.string().max(65_536) }) }),
]);

const choiceList = z
  .array(text(200))
  .min(2, 'must offer at least 2 choices')
  .max(9, 'must offer at most 9 choices (keys 1 to 9 answer)');

const ask = text(300);
/** Said after the answer, beside the run's own captions: why it went that way. */
const why = text(600).optional();

export const questionSchema = z.discriminatedUnion('kind', [
  /** Yes or no: does the request answer ok by the end of the step? */
  z.strictObject({ kind: z.literal('will-commit'), ask, why, request: requestRef }),
  /**
   * Which value a read returns: a get request's reply ("none" when absent, "fails" when refused,
   * "no answer" when unanswered), or a peek's.
   */
  z.strictObject({
    kind: z.literal('which-value'),
    ask,
    why,
    request: requestRef.optional(),
    peek: peekSchema.optional(),
    choices: choiceList,
  }),
  /** Which node proposed the value chosen at an entry. */
  z.strictObject({ kind: z.literal('which-node'), ask, why, chosen: entryRef, choices: choiceList }),
  /** Free choice: the answer is the one choice whose condition holds after the step. */
  z.strictObject({
    kind: z.literal('choice'),
    ask,
    why,
    choices: z
      .array(z.strictObject({ text: text(200), when: conditionSchema }))
      .min(2, 'must offer at least 2 choices')
      .max(9, 'must offer at most 9 choices (keys 1 to 9 answer)'),
  }),
]);

/**
 * Where a lesson plays: on the simulator (always: npm test plays every lesson there) and, when its file
 * says so, on real agents (docs/lessons.md, "On real agents").
 */
export const lessonTargets = ['simulator', 'real-agents'] as const;

/** The invariants a lesson may break on purpose, by the name the checkers report. */
export const breakableChecks = ['linearizability'] as const;

export const stepSchema = z
  .strictObject({
    /** Shown while the step runs: what happens, in the picture's terms. */
    caption: text(600).optional(),
    /** Shown before the step runs, when it asks something. */
    prompt: text(600).optional(),
    question: questionSchema.optional(),
    /** Simulator commands, run in order (test/scenarios/README.md, plus `peek NODE KEY`). */
    do: z.array(text(300)).max(64, 'must have at most 64 commands').default([]),
    /** Facts the run must show after the step: what makes its caption true. */
    expect: z.array(conditionSchema).max(32, 'must have at most 32 conditions').default([]),
    /** A check this step breaks on purpose (its peek is what the checker must catch). */
    breaks: z.enum(breakableChecks).optional(),
  })
  .refine((step) => step.caption !== undefined || step.prompt !== undefined, {
    message: 'needs a caption or a prompt',
  })
  .refine((step) => step.question === undefined || step.prompt !== undefined, {
    message: 'a question needs a prompt to show before the step',
    path: ['prompt'],
  });

export const lessonSchema = z
  .strictObject({
    title: text(120),
    /** One paragraph: what the lesson shows. */
    summary: text(1200),
    /** The protocol every node runs (app/protocol); the story's captions are that protocol's. */
    protocol: z.enum(protocolNames).default('paxoskv'),
    /** The default topology: 3 datacenters × 2 nodes, n0…n5. */
    topology: z.literal('default', 'lessons use the "default" topology only').default('default'),
    /** WPaxos only: F, the zones whose loss its quorums tolerate (the topology's zoneFailures). */
    zoneFailures: z
      .number()
      .int()
      .min(0, 'must be at least 0')
      .max(2, 'must be at most 2: phase 1 needs at least one of the 3 zones')
      .optional(),
    seed: z.number().int().min(0, 'must be at least 0').max(0xffffffff, 'must be at most 4294967295'),
    /** One-way latency in ms: a fixed number or "MIN..MAX". */
    latency: z
      .union([
        z.number().int().min(0).max(1000),
        z.string().regex(/^\d{1,4}\.\.\d{1,4}$/, 'must be "MIN..MAX"'),
      ])
      .default(1),
    /** Whether the fast band may be used. */
    fastPath: z.boolean().default(true),
    /** Where it plays: `[simulator]`, or `[simulator, real-agents]` when every step can run on agents. */
    plays: z
      .array(z.enum(lessonTargets))
      .min(1, 'must name at least one place')
      .max(lessonTargets.length, `must name at most ${lessonTargets.length} places`)
      .default(['simulator'])
      .refine((plays) => plays.includes('simulator'), {
        message: 'must include simulator: every lesson plays there (npm test plays it)',
      })
      .refine((plays) => new Set(plays).size === plays.length, { message: 'must not name a place twice' }),
    steps: z.array(stepSchema).min(1, 'must have at least 1 step').max(200, 'must have at most 200 steps'),
  })
  .refine((lesson) => lesson.zoneFailures === undefined || lesson.protocol === 'wpaxos', {
    path: ['zoneFailures'],
    message: "is WPaxos's setting: give it only with protocol: wpaxos",
  })
  .refine(
    (lesson) =>
      typeof lesson.latency === 'number' ||
      latencyBounds(lesson.latency)[0] <= latencyBounds(lesson.latency)[1],
    {
      path: ['latency'],
      message: 'MIN must be at most MAX',
    },
  );

/** "MIN..MAX" as numbers. */
function latencyBounds(range: string): [number, number] {
  const [min = '0', max = '0'] = range.split('..');
  return [Number(min), Number(max)];
}

export type Condition = z.infer<typeof conditionSchema>;
export type Question = z.infer<typeof questionSchema>;
export type LessonStep = z.infer<typeof stepSchema>;
export type BreakableCheck = (typeof breakableChecks)[number];
export type LessonTarget = (typeof lessonTargets)[number];
export type Peek = z.infer<typeof peekSchema>;

/** A lesson as parsed: the file's content plus where each step and command sits in the file. */
export type Lesson = z.infer<typeof lessonSchema> & {
  /** The file's name without its folder and extension: "fast-path-write". */
  id: string;
  /**
   * Line of each step and of each command, and of `plays` (1 when the file leaves it out):
   * `lines["steps[2]"]`, `lines["steps[2].do[0]"]`, `lines.plays`.
   */
  lines: Record<string, number>;
};
