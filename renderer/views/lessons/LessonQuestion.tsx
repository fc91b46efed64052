/**
 * A lesson's question: before the answer its choices are buttons (keys 1 to 9 pick them too); after
 * it, each choice says whether it was the class's pick and the run's truth, with the verdict and the
 * lesson's explanation.
 */
import type { LessonView } from '../../../app/contract/lesson-commands';
import type { ConsoleHandle } from '../../actions/console-handle';
import { verdictOf } from '../../store/slices/lesson-slice';
import { actOnLesson } from './lesson-actions';

export function LessonQuestion({ consoleHandle, view }: { consoleHandle: ConsoleHandle; view: LessonView }) {
  const question = view.question;
  if (!question) return null;
  const verdict = verdictOf(view);
  return (
    <div className="lesson-question" data-waiting={view.waiting} data-verdict={verdict ?? undefined}>
      <p className="ask">{question.ask}</p>
      <ol className="choices">
        {question.choices.map((choice, i) => {
          const marks = [i === question.picked ? 'picked' : '', i === question.answer ? 'truth' : ''].join(
            ' ',
          );
          return (
            <li key={i} className={marks.trim()}>
              <button
                disabled={!view.waiting}
                onClick={() => void actOnLesson(consoleHandle, { action: 'answer', choice: i })}
              >
                <kbd>{i + 1}</kbd> {choice}
                {i === question.answer && <span className="tag"> · what happened</span>}
                {i === question.picked && <span className="tag"> · your answer</span>}
              </button>
            </li>
          );
        })}
      </ol>
      {verdict && (
        <p className="verdict" data-testid="lesson-verdict">
          <strong>
            {verdict === 'right'
              ? 'Right.'
              : `Not this time: it was "${question.choices[question.answer!]}".`}
          </strong>{' '}
          {question.why}
        </p>
      )}
      {view.waiting && <p className="dim">Answer to go on: the cluster waits.</p>}
    </div>
  );
}
