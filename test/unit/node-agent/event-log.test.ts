import { describe, expect, it } from 'vitest';
import type { CoreEvent } from '../../../app/paxos/types';
import { EventLog } from '../../../node-agent/process/runtime/event-log';

const refusal: CoreEvent = { type: 'inputRejected', field: 'type', reason: 'learner-only', peer: 'n1' };

describe('EventLog', () => {
  it('writes learner-only changes and at most a few refusals a second, then says how many it skipped', () => {
    const lines: string[] = [];
    let nowMs = 0;
    const log = new EventLog(
      (line) => lines.push(line),
      2,
      () => nowMs,
    );
    log.write([{ type: 'learnerOnly', on: true, reason: 'wiped' }, refusal, refusal, refusal, refusal]);
    expect(lines).toEqual([
      'learner-only on: wiped',
      'refused input from n1: type: learner-only',
      'refused input from n1: type: learner-only',
    ]);
    nowMs = 1000;
    log.write([
      refusal,
      { type: 'chosen', key: 'k', index: 1, ballot: { counter: 1, role: 1 }, requestId: 'r', version: 1 },
    ]);
    expect(lines.slice(3)).toEqual([
      '(2 more refused inputs not shown)',
      'refused input from n1: type: learner-only',
    ]);
  });
});
