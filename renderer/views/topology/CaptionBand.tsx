/**
 * The subtitle band under the cluster picture. During a lesson it says what the lesson says now (its
 * intro, a step's prompt with its question and numbered choices highlighted, or the step's caption
 * and, after an answer, the verdict); presenter mode sets it in large type. Otherwise it shows live
 * captions: the newest step that tells the protocol's story, in one plain sentence, changing at most
 * once per captionHoldMs so a class can read each one. A run of the same thing (every message to a
 * node that is down is lost, one after another) is one line with a count, not the same sentence again
 * and again. The full list, sends and receives included, stays in the timeline's event inspector.
 * A step back, a branch switch or a replay of a simulated cluster replaces the line at once: the one
 * held may be from the path just left.
 */
import type { LessonView } from '../../../app/contract/lesson-commands';
import type { SimulationView } from '../../../app/contract/simulation-commands';
import { captionOf, tellsTheStory } from '../../../app/model/captions';
import type { ClusterEvent } from '../../../app/model/cluster-event';
import type { ObservedCluster, RecordedEvent } from '../../store/observed-cluster';
import { lessonSubtitle, verdictOf } from '../../store/slices/lesson-slice';
import { useConsoleState, useShownThrottled, type ShowAtOnce } from '../use-console';

/** Long enough to read a 25-word sentence aloud. */
export const captionHoldMs = 2500;

export interface StoryLine {
  /** The newest event of the run. */
  event: RecordedEvent;
  text: string;
  /** How many story events in a row, up to the newest, say the same thing. */
  repeats: number;
}

/** Events that say the same thing: losses for the same reason to the same node, else the same sentence. */
function sameThing(event: ClusterEvent): string {
  return event.type === 'messageDropped' ? `lost ${event.reason} ${event.peer}` : captionOf(event);
}

/** The newest story line, with the run of story events before it that say the same thing folded in. */
export function newestStoryLine(events: readonly RecordedEvent[]): StoryLine | null {
  let line: StoryLine | null = null;
  let key = '';
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const event = events[i]!;
    if (!tellsTheStory(event)) continue;
    if (!line) {
      line = { event, text: captionOf(event), repeats: 1 };
      key = sameThing(event);
    } else if (sameThing(event) === key) line.repeats += 1;
    else break;
  }
  return line;
}

const storyOf = (observed: ObservedCluster) => newestStoryLine(observed.recent);

/** The simulation's present moved to another path: back (or a replay from the start), or another branch. */
export function simulationLeftPath(before: SimulationView | null, after: SimulationView | null): boolean {
  if (!before || !after) return false;
  return after.currentBranchId !== before.currentBranchId || after.stepCount < before.stepCount;
}

/**
 * What replaces the caption without its hold: a scrub; the simulation leaving its path; and, since
 * main clears the console's events and sends the new present's (which may land before or after the
 * simulation's answer), the clearing and the first events after it.
 */
export const captionAtOnce: ShowAtOnce = (state, previous) =>
  state.rewound !== previous.rewound ||
  simulationLeftPath(previous.simulation, state.simulation) ||
  state.observed.eventCount < previous.observed.eventCount ||
  (previous.observed.eventCount === 0 && state.observed.eventCount > 0);

export function CaptionBand() {
  const lesson = useConsoleState((state) => state.lesson);
  const line = useShownThrottled(storyOf, captionHoldMs, captionAtOnce);
  if (lesson) return <LessonBand view={lesson} />;
  return (
    <div className="caption-band" role="status" aria-live="polite" aria-label="caption">
      {line ? (
        <>
          <span className="caption-step mono">#{line.event.n}</span> {line.text}
          {line.repeats > 1 && <span className="caption-repeats dim"> (×{line.repeats} in a row)</span>}
        </>
      ) : (
        <span className="dim">Captions appear here as the cluster works: write a key to start.</span>
      )}
    </div>
  );
}

function LessonBand({ view }: { view: LessonView }) {
  const question = view.question;
  const verdict = verdictOf(view);
  return (
    <div
      className="caption-band lesson-band"
      role="status"
      aria-live="polite"
      aria-label="caption"
      data-testid="lesson-band"
    >
      {lessonSubtitle(view) && <span>{lessonSubtitle(view)}</span>}
      {question && view.waiting && (
        <span className="band-question">
          <strong>{question.ask}</strong>{' '}
          {question.choices.map((choice, i) => (
            <span key={i} className="band-choice">
              <kbd>{i + 1}</kbd> {choice}
            </span>
          ))}
        </span>
      )}
      {question && verdict && (
        <span className="band-verdict">
          <strong className={verdict}>
            {verdict === 'right' ? 'Right: ' : 'Not this time: '}
            {question.choices[question.answer!]}.
          </strong>
          {question.why && <span className="band-why"> {question.why}</span>}
        </span>
      )}
    </div>
  );
}
