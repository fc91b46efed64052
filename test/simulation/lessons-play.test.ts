/**
 * Every shipped lesson plays to its end in the simulator: each caption's expectations hold, each
 * question gets an answer computed from the run, and the run passes the sweep's checkers (safety,
 * durability, linearizability of the client history with the lesson's one-replica reads in it), except
 * for the check a step says it breaks, which must break there and only there.
 */
import { describe, expect, it } from 'vitest';
import { checkHistory } from '../../app/checker/linearizability';
import type { HistoryOperation } from '../../app/checker/history';
import { anomaliesOf } from '../../app/checker/anomaly';
import { CertainSafetyChecker } from '../../app/certain/safety-checker';
import { playLesson, type PlayedStep } from '../../app/lessons/lesson-player';
import type { Lesson } from '../../app/lessons/lesson-schema';
import type { SimObserver } from '../../app/simulator/sim-observer';
import { replayRun } from '../../app/simulator/run-export';
import { scenarioFromFragment, scenarioToFragment } from '../../app/simulator/scenario-share';
import { utf8ToBytes } from '../../app/util/byte-text';
import { readLesson, shippedLessonFiles } from '../support/shipped-lessons';
import { toHistory } from './client-history';
import { RunChecks } from './run-checks';
import { WPaxosLogChecker } from '../scenarios/wpaxos-log-checker';

/** The eight lessons, at least. */
const lessonsMin = 8;

/** A one-replica read as the checker sees it: called and answered at the same simulated moment. */
function peekOperations(steps: readonly PlayedStep[]): HistoryOperation[] {
  return steps.flatMap((step) =>
    step.peeks.map((peek, i) => ({
      id: `peek-${step.index}-${i}`,
      client: `peek-${step.index}-${i}`,
      kind: 'get' as const,
      key: peek.key,
      callMs: peek.atMs,
      returnMs: peek.atMs,
      outcome: 'ok' as const,
      result: { value: peek.value === 'none' ? null : utf8ToBytes(peek.value), version: peek.version },
    })),
  );
}

/** The protocol's own invariants, beside the history checks every protocol gets (PaxosKV's are in RunChecks). */
function protocolCheckers(lesson: Lesson): { observers: SimObserver[]; violations: () => string[] } {
  if (lesson.protocol === 'wpaxos') {
    const log = new WPaxosLogChecker();
    return { observers: [log], violations: () => log.violations };
  }
  if (lesson.protocol === 'certain') {
    const certain = new CertainSafetyChecker();
    const violations = () => certain.violations.map((v) => `t=${v.atMs} ${v.invariant}: ${v.detail}`);
    return { observers: [certain], violations };
  }
  return { observers: [], violations: () => [] };
}

describe('shipped lessons', () => {
  const files = shippedLessonFiles();

  it(`ships at least ${lessonsMin}`, () => {
    expect(files.length).toBeGreaterThanOrEqual(lessonsMin);
  });

  for (const file of files) {
    const lesson = readLesson(file);
    it(`${lesson.id} plays to its end, true to its captions, breaking only what it says`, () => {
      const checks = new RunChecks(lesson.protocol);
      const own = protocolCheckers(lesson);
      const played = playLesson(lesson, [...checks.observers, ...own.observers]);
      expect(own.violations()).toEqual([]);
      expect(played.problems).toEqual([]);
      expect(played.steps).toHaveLength(lesson.steps.length);
      for (const step of played.steps) {
        if (lesson.steps[step.index]!.question)
          expect(step.question?.choices[step.question.answer!]).toBeDefined();
        expect(step.checks.every((check) => check.held)).toBe(true);
      }
      const verdict = checks.verdict();
      expect(verdict.failures).toEqual([]);
      const operations = [...toHistory(checks.calls), ...peekOperations(played.steps)];
      const anomalies = anomaliesOf(checkHistory(operations).keys, operations);
      const breaking = played.steps.filter((step) => step.breaks === 'linearizability');
      const expectedIds = breaking.flatMap((step) => step.peeks.map((_peek, i) => `peek-${step.index}-${i}`));
      const blamed = anomalies.flatMap((anomaly) =>
        anomaly.operationIds.filter((id) => id.startsWith('peek-')),
      );
      expect(anomalies.length > 0).toBe(breaking.length > 0);
      expect(new Set(blamed)).toEqual(new Set(expectedIds));
    });

    it(`${lesson.id} shares as a URL that replays its run exactly`, () => {
      const played = playLesson(lesson);
      const back = replayRun(scenarioFromFragment(scenarioToFragment(played.run)));
      const original = replayRun(played.run);
      expect(back.sim.state).toEqual(original.sim.state);
    });
  }
});
