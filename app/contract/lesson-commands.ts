/**
 * Lessons in the console (docs/lessons.md, "In the console"): list the shipped lessons (a bad file is
 * listed with its line-and-field error), open one on a simulated cluster built from its seed, and move
 * through it stop by stop: the prompt and question before a step, then the step played on the cluster
 * with its caption, the run's own story and, after an answer, whether it was right and why. Also the
 * simulated run as a shareable scenario (app/simulator/scenario-share.ts): its `#sim=` URL fragment
 * and its file.
 */
import { z } from 'zod';
import { lessonTargets } from '../lessons/lesson-schema';

export const lessonLimits = {
  /** A lesson's id is its file name without `.yaml`. */
  idCharsMax: 64,
  /** Questions offer at most nine choices: keys 1 to 9 answer. */
  choicesMax: 9,
} as const;

export const lessonIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a lesson file name like "fast-path-write"');

/** A lesson file that could not be read: where and why. */
const lessonFileErrorSchema = z.strictObject({
  line: z.number().int().min(0),
  field: z.string(),
  message: z.string(),
});

const lessonEntrySchema = z.strictObject({
  id: z.string(),
  /** Null when the file is refused. */
  title: z.string().nullable(),
  summary: z.string().nullable(),
  steps: z.number().int().min(0),
  /** Where the file says it plays: the simulator, and real agents when it lists them. */
  plays: z.array(z.enum(lessonTargets)),
  error: lessonFileErrorSchema.nullable(),
});

const questionViewSchema = z.strictObject({
  ask: z.string(),
  choices: z.array(z.string()).max(lessonLimits.choicesMax),
  /** The choice the class picked, once it answered. */
  picked: z.number().int().min(0).nullable(),
  /** The right choice as the run computed it: only once answered. */
  answer: z.number().int().min(0).nullable(),
  /** The lesson's explanation: only once answered. */
  why: z.string().nullable(),
});

/**
 * Where the lesson stands: `intro` (title and summary, the cluster at its start), `before` (a step's
 * prompt and question, the cluster not yet moved) or `after` (the step played: its caption and story).
 */
const stopKindSchema = z.enum(['intro', 'before', 'after']);

export const lessonViewSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  seed: z.number().int(),
  /** Where it plays now: a simulated cluster, or real agents the lesson started. */
  on: z.enum(lessonTargets),
  /** How many steps the lesson has. */
  stepCount: z.number().int().min(1),
  /** Which stop of how many: the lesson's progress bar. */
  stop: z.number().int().min(0),
  stopCount: z.number().int().min(1),
  kind: stopKindSchema,
  /** The step shown (from 0); null at the intro. */
  step: z.number().int().min(0).nullable(),
  /** The step's line in the lesson file. */
  line: z.number().int().min(0).nullable(),
  /** What to say now: the prompt before a step, the caption after it (null for a step without one). */
  text: z.string().nullable(),
  question: questionViewSchema.nullable(),
  /** After a step: one caption per event that told the protocol's story, in order. */
  story: z.array(z.string()),
  /** After a step: the facts that make the caption true, and whether the run showed each. */
  checks: z.array(z.strictObject({ text: z.string(), held: z.boolean() })),
  /** After a step that breaks a check on purpose: which one. */
  breaks: z.string().nullable(),
  /** The commands the step runs, as the lesson file writes them. */
  commands: z.array(z.string()),
  /** True while the class must answer before the lesson goes on. */
  waiting: z.boolean(),
  /** False when the cluster was moved off the lesson's path (the next move brings it back). */
  onPath: z.boolean(),
  /** The simulated step the cluster stands at for this stop (0 on real agents). */
  simStep: z.number().int().min(0),
});
export type LessonView = z.infer<typeof lessonViewSchema>;
export type LessonEntry = z.infer<typeof lessonEntrySchema>;

export const lessonActionSchema = z.discriminatedUnion('action', [
  /** The next stop: play the step (or show its prompt); refused while a question waits for its answer. */
  z.strictObject({ action: z.literal('next') }),
  /** The stop before, the cluster back where it stood then. */
  z.strictObject({ action: z.literal('back') }),
  /** Answers the waiting question, then plays the step and reveals the truth. */
  z.strictObject({
    action: z.literal('answer'),
    choice: z
      .number()
      .int()
      .min(0)
      .max(lessonLimits.choicesMax - 1),
  }),
  /** Leaves the lesson; the simulated cluster stays. */
  z.strictObject({ action: z.literal('close') }),
]);
export type LessonAction = z.infer<typeof lessonActionSchema>;

export const lessonCommands = {
  /** The lessons main found in its lessons folder, each read and validated. */
  listLessons: {
    input: z.strictObject({}),
    output: z.strictObject({ lessons: z.array(lessonEntrySchema) }),
  },
  /**
   * Opens a lesson at its intro: on a simulated cluster (paused) with the lesson's topology, protocol
   * and seed, or on real agents the console starts for it (fresh disks, the lesson's protocol), which
   * only a lesson that lists real-agents allows. The caller has made sure no other cluster is active.
   */
  openLesson: {
    input: z.strictObject({ id: lessonIdSchema, on: z.enum(lessonTargets).default('simulator') }),
    output: lessonViewSchema,
  },
  /** The open lesson, or null when none is. */
  lessonView: { input: z.strictObject({}), output: lessonViewSchema.nullable() },
  /** Moves through the open lesson; answers with the view after it (null once closed). */
  lessonAct: { input: lessonActionSchema, output: lessonViewSchema.nullable() },
  /** The simulated run as it stands, to hand to someone else: a `#sim=` fragment and a file. */
  shareScenario: {
    input: z.strictObject({}),
    output: z.strictObject({
      /** `#sim=…`; empty when the run is too long for a URL (the file still carries it). */
      fragment: z.string(),
      fileName: z.string(),
      file: z.string(),
      inputCount: z.number().int().min(0),
    }),
  },
} as const;
