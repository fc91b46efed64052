/**
 * Reads a lesson file (YAML, docs/lessons.md) into a Lesson, refusing a bad one with a LessonError
 * that names the line and the field: YAML syntax, the schema's fields and limits, unknown commands,
 * and requests a question or condition names before any client command made them.
 */
import { LineCounter, parseDocument, type Document } from 'yaml';
import { defaultTopology } from '../model/topology';
import { SimulationError } from '../simulator/inputs';
import { fieldPath, zodProblem } from '../util/field-error';
import { LineFieldError } from '../util/line-field-error';
import { agentCommandOf, simulatorOnlyReason } from './agent-commands';
import { lessonSchema, type Condition, type Lesson, type LessonStep } from './lesson-schema';

/** A lesson file larger than this is refused before parsing, in characters. */
export const lessonFileCharsMax = 256 * 1024;

/** Commands of the golden-scenario language a lesson may use (all but `cluster`), and `peek`. */
export const lessonCommands = new Set([
  'put',
  'get',
  'delete',
  'cas',
  'retry',
  'deliver',
  'drop',
  'duplicate',
  'hold',
  'unhold',
  'partition',
  'cut',
  'link',
  'heal',
  'pause',
  'resume',
  'crash',
  'restart',
  'wipe',
  'tick',
  'stabilize',
  'where',
  'records',
  'inflight',
  'peek',
]);
/** Commands that read PaxosKV's PLog, so only a PaxosKV lesson may use them. */
const paxosKvCommands = new Set(['peek', 'records']);
/** The commands that start a new client request, numbered c1, c2, … in the lesson's order. */
const requestCommands = new Set(['put', 'get', 'delete', 'cas']);

export class LessonError extends LineFieldError {
  override name = 'LessonError';
}

/** Parses and validates a lesson; `id` is its file name without folder and extension. */
export function parseLesson(text: string, id: string): Lesson {
  if (text.length > lessonFileCharsMax) {
    throw new LessonError(0, 'file', `must be at most ${lessonFileCharsMax} characters`, lessonFileCharsMax);
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const syntax = document.errors[0];
  if (syntax) {
    const line = lineCounter.linePos(syntax.pos[0]).line;
    throw new LessonError(line, 'file', `is not valid YAML: ${syntax.message.split('\n')[0]}`);
  }
  const lineOf = (path: readonly PropertyKey[]) => lineAt(document, lineCounter, path);
  const parsed = lessonSchema.safeParse(document.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw LessonError.at(lineOf(issue?.path ?? []), zodProblem(parsed.error));
  }
  const lines: Record<string, number> = {};
  parsed.data.steps.forEach((step, s) => {
    lines[`steps[${s}]`] = lineOf(['steps', s]);
    step.do.forEach((_command, c) => (lines[`steps[${s}].do[${c}]`] = lineOf(['steps', s, 'do', c])));
  });
  lines.plays = lineOf(['plays']);
  const lesson: Lesson = { ...parsed.data, id, lines };
  checkReferences(lesson, lineOf);
  if (lesson.plays.includes('real-agents')) checkPlaysOnAgents(lesson, lineOf);
  return lesson;
}

/** A lesson that says it plays on real agents: every command must be one real agents can do. */
function checkPlaysOnAgents(lesson: Lesson, lineOf: (path: readonly PropertyKey[]) => number): void {
  if (!lesson.fastPath) {
    const reason =
      'must be true on real agents (they always may use the fast band); or drop real-agents from plays';
    throw new LessonError(lineOf(['fastPath']), 'fastPath', reason);
  }
  lesson.steps.forEach((step, s) =>
    step.do.forEach((command, c) => {
      try {
        agentCommandOf(command, defaultTopology());
      } catch (error) {
        if (!(error instanceof SimulationError)) throw error;
        const path = ['steps', s, 'do', c];
        const why = `${error.message}; this lesson lists real-agents in plays`;
        throw new LessonError(lineOf(path), fieldPath('', path), why);
      }
    }),
  );
}

/**
 * Why the lesson cannot play on real agents, naming the line: the first command that needs the
 * simulator, else that its file does not list real-agents; null when it can.
 */
export function agentRefusal(lesson: Lesson): string | null {
  if (lesson.plays.includes('real-agents')) return null;
  for (const [s, step] of lesson.steps.entries()) {
    for (const [c, command] of step.do.entries()) {
      const reason = simulatorOnlyReason(command);
      if (reason)
        return `plays on the simulator only: line ${lesson.lines[`steps[${s}].do[${c}]`]}, steps[${s}].do[${c}]: ${reason}`;
    }
  }
  return `plays on the simulator only: its file does not list real-agents in plays (line ${lesson.lines.plays})`;
}

/** The line of the node at `path`, or of its nearest ancestor the file has. */
function lineAt(document: Document, lineCounter: LineCounter, path: readonly PropertyKey[]): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = document.getIn(path.slice(0, depth) as unknown[], true) as { range?: number[] } | undefined;
    const offset = node?.range?.[0];
    if (offset !== undefined) return lineCounter.linePos(offset).line;
  }
  return 1;
}

/** Known commands only, and every request named exists by the step that names it. */
function checkReferences(lesson: Lesson, lineOf: (path: readonly PropertyKey[]) => number): void {
  let requests = 0;
  lesson.steps.forEach((step, s) => {
    step.do.forEach((command, c) => {
      const verb = command.split(/\s+/)[0] ?? '';
      if (!lessonCommands.has(verb)) {
        const path = ['steps', s, 'do', c];
        throw new LessonError(lineOf(path), fieldPath('', path), `unknown command "${verb}"`);
      }
      if (paxosKvCommands.has(verb) && lesson.protocol !== 'paxoskv') {
        const path = ['steps', s, 'do', c];
        const reason = `"${verb}" reads PaxosKV's PLog: a ${lesson.protocol} lesson cannot use it`;
        throw new LessonError(lineOf(path), fieldPath('', path), reason);
      }
      if (requestCommands.has(verb)) requests += 1;
    });
    if (lesson.protocol !== 'paxoskv') checkPaxosKvFacts(lesson.protocol, step, s, lineOf);
    for (const { path, request } of namedRequests(step)) {
      if (Number(request.slice(1)) > requests) {
        const field = fieldPath('', ['steps', s, ...path]);
        const made =
          requests === 0
            ? 'no client command has'
            : requests === 1
              ? 'only c1 has'
              : `only c1…c${requests} have`;
        const reason = `names ${request}, but ${made} been made by this step`;
        throw new LessonError(lineOf(['steps', s, ...path]), field, reason);
      }
    }
    const question = step.question;
    if (
      question?.kind === 'which-value' &&
      (question.request === undefined) === (question.peek === undefined)
    ) {
      const path = ['steps', s, 'question'];
      throw new LessonError(lineOf(path), fieldPath('', path), 'needs exactly one of request and peek');
    }
  });
}

/** A question or condition that reads PaxosKV's PLog (a peek, the proposer of an entry) needs PaxosKV. */
function checkPaxosKvFacts(
  protocol: string,
  step: LessonStep,
  s: number,
  lineOf: (path: readonly PropertyKey[]) => number,
): void {
  const refuse = (path: PropertyKey[], what: string) => {
    const reason = `${what} reads PaxosKV's PLog: a ${protocol} lesson cannot ask it`;
    throw new LessonError(lineOf(['steps', s, ...path]), fieldPath('', ['steps', s, ...path]), reason);
  };
  const check = (condition: Condition, path: PropertyKey[]) => {
    if ('peek' in condition) refuse([...path, 'peek'], 'a peek');
  };
  step.expect.forEach((condition, i) => check(condition, ['expect', i]));
  const question = step.question;
  if (question?.kind === 'which-node') refuse(['question', 'kind'], 'which-node');
  if (question?.kind === 'which-value' && question.peek) refuse(['question', 'peek'], 'a peek');
  if (question?.kind === 'choice') {
    question.choices.forEach((choice, i) => check(choice.when, ['question', 'choices', i, 'when']));
  }
}

/** Every request id a step's question and conditions name, with where it is named. */
function namedRequests(step: LessonStep): { path: PropertyKey[]; request: string }[] {
  const found: { path: PropertyKey[]; request: string }[] = [];
  const fromCondition = (condition: Condition, path: PropertyKey[]) => {
    if ('reply' in condition)
      found.push({ path: [...path, 'reply', 'request'], request: condition.reply.request });
  };
  step.expect.forEach((condition, i) => fromCondition(condition, ['expect', i]));
  const question = step.question;
  if (question && 'request' in question && question.request !== undefined) {
    found.push({ path: ['question', 'request'], request: question.request });
  }
  if (question?.kind === 'choice') {
    question.choices.forEach((choice, i) => fromCondition(choice.when, ['question', 'choices', i, 'when']));
  }
  return found;
}
