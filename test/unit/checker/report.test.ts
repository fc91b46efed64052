import { describe, expect, it } from 'vitest';
import type { HistoryOperation } from '../../../app/checker/history';
import { checkHistory } from '../../../app/checker/linearizability';
import { describeOperation, formatCheckReport } from '../../../app/checker/report';
import { cas, del, get, put } from './history-builders';

describe('formatCheckReport', () => {
  it('shows a violated key: the end of its prefix, the state, the blocked operation and a capped list of concurrent ones', () => {
    const writes = Array.from({ length: 5 }, (_, i) =>
      put({ id: `w${i}`, at: [i * 10, i * 10 + 1] }, `v${i}`, i + 1),
    );
    const timedOut = Array.from({ length: 3 }, (_, i) => del({ id: `t${i}`, at: [45, null] }));
    const history: HistoryOperation[] = [...writes, ...timedOut, get({ id: 'stale', at: [50, 51] }, 'v0', 1)];
    const text = formatCheckReport(checkHistory(history), history, {
      prefixShownMax: 2,
      concurrentShownMax: 2,
    });
    const lines = text.split('\n');
    expect(lines[0]).toBe('verdict: violation');
    expect(lines[1]).toMatch(/^9 operations on 1 key: 0 ok, 1 violation, 0 unknown \(\d+ search states?\)$/);
    expect(lines[2]).toMatch(/^key "k": violation; 9 operations \(0 skipped, 3 unknown outcome\), /);
    expect(lines.slice(3)).toEqual([
      '  linearizable prefix: 5 operations, the last 2:',
      '    w3 w3: put("v3") → ok v4  [30, 31] ms',
      '    w4 w4: put("v4") → ok v5  [40, 41] ms',
      '  state after it: "v4" v5',
      '  cannot be placed: stale stale: get → "v0" v1  [50, 51] ms',
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
});
