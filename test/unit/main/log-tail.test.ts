import { describe, expect, it } from 'vitest';
import { LogTail } from '../../../main/supervisor/log-tail';

describe('LogTail', () => {
  it('keeps the newest lines, counts the dropped ones and cuts long lines', () => {
    const tail = new LogTail(3, 5);
    for (const text of ['a', 'b', 'c', 'd', 'eeeeeeeeee']) tail.append(text, 1);
    expect(tail.newest(10).map((line) => line.text)).toEqual(['c', 'd', 'eeeee…']);
    expect(tail.newest(1).map((line) => line.text)).toEqual(['eeeee…']);
    expect(tail.dropped).toBe(2);
  });
});
