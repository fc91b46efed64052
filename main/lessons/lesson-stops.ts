/**
 * The stops a lesson moves through, in order: its intro, then for each step the prompt before it (when
 * the step has one: the class reads it, and answers its question, with the cluster not yet moved) and
 * the step played (its caption). Each stop says how many steps the cluster has played there.
 */
export interface LessonStop {
  kind: 'intro' | 'before' | 'after';
  /** The step shown; null at the intro. */
  step: number | null;
  /** How many of the lesson's steps the cluster has played at this stop. */
  played: number;
}

export function lessonStops(steps: readonly { prompt: string | null }[]): LessonStop[] {
  const stops: LessonStop[] = [{ kind: 'intro', step: null, played: 0 }];
  steps.forEach((step, i) => {
    if (step.prompt !== null) stops.push({ kind: 'before', step: i, played: i });
    stops.push({ kind: 'after', step: i, played: i + 1 });
  });
  return stops;
}
