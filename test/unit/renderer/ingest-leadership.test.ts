/** ingest: the leader badge's state, from the leadership multi-Paxos's steps announce. */
import { describe, expect, it } from 'vitest';
import { eventLifterFor } from '../../../app/model/from-protocol-event';
import { groupsLedBy } from '../../../renderer/store/ingest-leadership';
import { ingestBatch } from '../../../renderer/store/ingest';
import { emptyObservedCluster } from '../../../renderer/store/observed-cluster';

const lift = eventLifterFor('multipaxos');
const elected = (agent: string, seq: number, view: number, group = 'g0') =>
  lift({ agent, seq, timeMs: seq }, { type: 'leaderElected', group, view, leader: agent, openSlots: 0 });

describe('ingest: leadership', () => {
  it('keeps each group’s leader of the highest view, whatever order the agents’ events merge in', () => {
    const state = ingestBatch(emptyObservedCluster(), [
      elected('n0', 1, 0),
      elected('n2', 1, 2),
      elected('n1', 2, 1), // merged late: view 1 is older than view 2 and changes nothing
      elected('n3', 1, 0, 'g1'),
      lift({ agent: 'n2', seq: 2, timeMs: 3 }, { type: 'prepare', group: 'g0', view: 3, commitPoint: 0 }),
    ]);
    expect(state.leaders.g0).toMatchObject({ leader: 'n2', view: 2 });
    expect(groupsLedBy(state.leaders, 'n2').map((led) => `${led.group} v${led.view}`)).toEqual(['g0 v2']);
    expect(groupsLedBy(state.leaders, 'n3').map((led) => led.group)).toEqual(['g1']);
    expect(groupsLedBy(state.leaders, 'n0')).toEqual([]);
    const next = ingestBatch(state, [elected('n3', 3, 3)]);
    expect(next.leaders.g0).toMatchObject({ leader: 'n3', view: 3 });
    expect(state.leaders.g0).toMatchObject({ leader: 'n2' }); // ingest never changes its input
  });
});

describe('ingest: multi-Paxos keys the lens follows', () => {
  it('follows the key of the newest slot applied, not a no-op', () => {
    const applied = (seq: number, key: string | null) =>
      lift(
        { agent: 'n1', seq, timeMs: seq },
        {
          type: 'slotApplied',
          group: 'g0',
          slot: seq,
          tag: `n0/0/${seq}`,
          key,
          requestId: key && 'r1',
          result: key ? 'written' : 'noop',
          version: 1,
        },
      );
    const state = ingestBatch(emptyObservedCluster(), [applied(1, 'k1'), applied(2, null)]);
    expect(state.lastWrittenKey).toBe('k1');
  });
});
