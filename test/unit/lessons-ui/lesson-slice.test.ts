/**
 * The lesson slice: what the store starts with, and what the panel and the subtitle band read from a
 * lesson view (verdict, subtitle, progress, end); the caption band's folding of repeated captions.
 */
import { describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../../../app/model/cluster-event';
import type { RecordedEvent } from '../../../renderer/store/observed-cluster';
import {
  lessonAtEnd,
  lessonProgress,
  lessonSubtitle,
  verdictOf,
} from '../../../renderer/store/slices/lesson-slice';
import { createConsoleStore } from '../../../renderer/store/store';
import { newestStoryLine } from '../../../renderer/views/topology/CaptionBand';
import { lessonView } from './lesson-view-fixture';

describe('the lesson slice', () => {
  it('starts with no lessons listed, none open and nothing shared', () => {
    const state = createConsoleStore().getState();
    expect([state.lessons, state.lesson, state.shared]).toEqual([null, null, null]);
  });

  it('says right or wrong only once answered', () => {
    const asked = lessonView({ kind: 'before', step: 1, waiting: true });
    expect(verdictOf(asked)).toBeNull();
    const question = { ...asked.question!, answer: 1, why: 'n0 owns k1#2' };
    expect(verdictOf(lessonView({ kind: 'after', question: { ...question, picked: 1 } }))).toBe('right');
    expect(verdictOf(lessonView({ kind: 'after', question: { ...question, picked: 0 } }))).toBe('wrong');
    expect(verdictOf(lessonView({ question: null }))).toBeNull();
  });

  it('subtitles the intro with its title, a step with its text; counts steps from 1', () => {
    expect(lessonSubtitle(lessonView())).toBe('A write on the fast path: press Space to start.');
    expect(lessonSubtitle(lessonView({ kind: 'after', step: 0, text: 'n0 prepares.' }))).toBe('n0 prepares.');
    expect(lessonProgress(lessonView())).toBe('3 steps');
    expect(lessonProgress(lessonView({ kind: 'after', step: 1 }))).toBe('step 2 of 3');
    expect(lessonAtEnd(lessonView({ stop: 4 }))).toBe(false);
    expect(lessonAtEnd(lessonView({ stop: 5 }))).toBe(true);
  });
});

describe('the caption band', () => {
  let n = 0;
  const event = (fields: Partial<ClusterEvent> & { type: string }): RecordedEvent =>
    ({ agent: 'n0', seq: n, timeMs: n, n: ++n, ...fields }) as RecordedEvent;
  const lostTo = (agent: string, peer: string) =>
    event({
      type: 'messageDropped',
      agent,
      peer,
      messageId: `m${n}`,
      messageType: 'accept',
      reason: 'peer-down',
    });

  it('folds a run of losses to the same node that is down into one line with a count', () => {
    const chosen = event({ type: 'chosen', agent: 'n0', key: 'k1', index: 1 } as never);
    const sent = event({ type: 'messageSent', peer: 'n3', messageId: 'x', messageType: 'accept' });
    const events = [chosen, lostTo('n0', 'n3'), sent, lostTo('n1', 'n3'), lostTo('n0', 'n3')];
    const line = newestStoryLine(events)!;
    expect(line.event).toBe(events[4]);
    expect(line.repeats).toBe(3);
    expect(line.text).toContain('the receiver is down');
  });

  it('stops folding at a different story, and shows nothing without one', () => {
    const events = [lostTo('n0', 'n3'), lostTo('n0', 'n4'), lostTo('n0', 'n4')];
    expect(newestStoryLine(events)!.repeats).toBe(2);
    expect(
      newestStoryLine([event({ type: 'messageSent', peer: 'n1', messageId: 'y', messageType: 'accept' })]),
    ).toBeNull();
  });
});
