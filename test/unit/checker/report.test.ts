import { describe, expect, it } from 'vitest';
import type { HistoryOperation } from '../../../app/checker/history';
import { checkHistory } from '../../../app/checker/linearizability';
import { describeOperation, formatCheckReport, formatCheckSummary } from '../../../app/checker/report';
import { cas, del, get, put, tickingClock } from './history-builders';

describe('formatCheckReport', () => {
  it('shows a violated key: the end of its prefix, the state, the blocked operation and a capped list of concurrent ones', () => {
    const writes = Array.from({ length: 5 }, (_, i) =>
      put({ id: `w${i}`, at: [i * 10, i * 10 + 1] }, `v${i}`, i + 1),
    );
    const timedOut = Array.from({ length: 3 }, (_, i) => del({ id: `t${i}`, at: [45, null] }));
    // The stale read reports no version, so the search (not a pre-check) finds it and explains it.
    const history: HistoryOperation[] = [...writes, ...timedOut, get({ id: 'stale', at: [50, 51] }, 'v0')];
    const text = formatCheckReport(checkHistory(history), history, {
      prefixShownMax: 2,
      concurrentShownMax: 2,
    });
    const lines = text.split('\n');
    expect(lines[0]).toBe('verdict: violation');
    expect(lines[1]).toMatch(/^9 operations on 1 key: 0 ok, 1 violation, 0 unknown \(\d+ search states?\)$/);
    expect(lines[2]).toMatch(/^key "k": violation; 9 operations \(0 skipped, 3 unknown outcome\), /);
    expect(lines.slice(3)).toEqual([
      '  anomaly: not linearizable',
      '  linearizable prefix: 5 operations, the last 2:',
      '    w3 w3: put("v3") → ok v4  [30, 31] ms',
      '    w4 w4: put("v4") → ok v5  [40, 41] ms',
      '  state after it: "v4" v5',
      '  cannot be placed: stale stale: get → "v0"  [50, 51] ms',
      '    concurrent: t0 t0: delete → unknown  [45, ∞] ms',
      '    concurrent: t1 t1: delete → unknown  [45, ∞] ms',
      '    … and 1 more concurrent',
      '',
    ]);
  });

  it('lists ok keys only when asked', () => {
    const history = [put({ key: 'a', at: [0, 1] }, 'x', 1)];
    expect(formatCheckReport(checkHistory(history), history)).not.toContain('key "a"');
    expect(formatCheckReport(checkHistory(history), history, { showOkKeys: true })).toContain('key "a": ok');
  });

  it('describes each kind of operation and answer in one line', () => {
    const binary = { ...put({ id: 'b', at: [0, 1] }, 'x', 1), value: new Uint8Array([0xff]) };
    expect(describeOperation(binary)).toBe('b b: put(base64:/w==) → ok v1  [0, 1] ms');
    expect(describeOperation(cas({ id: 'c', at: [2, 3], outcome: 'fail' }, 4, 'y', 5))).toBe(
      'c c: cas(v4, "y") → fail, found v5  [2, 3] ms',
    );
    expect(describeOperation(get({ id: 'g', at: [4, 5] }, null))).toBe('g g: get → null  [4, 5] ms');
    expect(describeOperation(put({ id: 'p', at: [6, 7], outcome: 'fail' }, 'z'))).toBe(
      'p p: put("z") → fail  [6, 7] ms',
    );
  });

  it('shows what a pre-check proved: the rule and the operations that contradict each other', () => {
    const history = [
      put({ id: 'w1', at: [0, 1] }, 'a', 1),
      put({ id: 'w2', at: [2, 3] }, 'b', 2),
      get({ id: 'old', at: [4, 5] }, 'a', 1),
    ];
    const lines = formatCheckReport(checkHistory(history), history).split('\n');
    expect(lines.slice(2)).toEqual([
      'key "k": violation (old saw version 1, but w2 had already left version 2 (it returned at 3 ms, ' +
        'before old was called at 4 ms)); 3 operations (0 skipped, 0 unknown outcome), 0 search states, 0 backtracks',
      '  anomaly: read went back in time',
      '  found before any search (stale-version), by:',
      '    old old: get → "a" v1  [4, 5] ms',
      '    w2 w2: put("b") → ok v2  [2, 3] ms',
      '',
    ]);
  });

  it('names the time of each key shown and the slowest key, and says when it stopped at a violation', () => {
    const history = [
      put({ key: 'a', at: [0, 1] }, 'x', 1),
      get({ key: 'b', at: [0, 1] }, 'never written'),
      put({ key: 'c', at: [0, 1] }, 'y', 1),
    ];
    const result = checkHistory(history, { now: tickingClock(), firstViolation: true });
    const text = formatCheckReport(result, history, { showOkKeys: true });
    expect(text).toMatch(/^slowest key: "\w", \w+ in \d+ ms$/m);
    // a (versions alone) and b (a pre-check) are decided before any search; the stop leaves c.
    expect(text).toContain('stopped at the first violation: 1 key not checked\n');
    expect(text).toMatch(/^key "a": ok in \d+ ms \(by its reported versions, no search\);/m);
    expect(text).toMatch(
      /^key "b": violation in \d+ ms \(read op\d+ saw "never written", but no write of the key could have left it\)/m,
    );
    expect(text).toMatch(
      /^key "c": unknown in \d+ ms \(not checked: the check stopped at the first violation \(key "b"\)\)/m,
    );
  });

  it('sums up a history in one line, with the first key that is not ok', () => {
    const history = [put({ key: 'a', at: [0, 1] }, 'x', 1), get({ key: 'b', id: 'r', at: [0, 1] }, 'z')];
    expect(formatCheckSummary(checkHistory(history))).toBe(
      'violation: 2 operations on 2 keys: 1 ok, 1 violation, 0 unknown (0 search states); ' +
        'key "b": read r saw "z", but no write of the key could have left it',
    );
    expect(formatCheckSummary(checkHistory([history[0] as HistoryOperation]))).toBe(
      'ok: 1 operation on 1 key: 1 ok, 0 violation, 0 unknown (0 search states)',
    );
  });
});
