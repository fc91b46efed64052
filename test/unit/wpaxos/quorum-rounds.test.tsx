/**
 * The console's Q1/Q2 view of an object, derived from the protocol's own steps: six real cores stepped
 * by hand, their events lifted as agents lift them (the `quorum` each protocolStep carries), folded by
 * roundsOf. Checks who was asked, who answered yes or no, which quorum the leader counted, and the steal.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { WPaxosRounds } from '../../../renderer/views/wpaxos/WPaxosRounds';
import { eventLifterFor } from '../../../app/model/from-protocol-event';
import type { ClusterEvent } from '../../../app/model/cluster-event';
import { roundsOf } from '../../../renderer/views/wpaxos/quorum-rounds';
import { roundStatus, voteOf } from '../../../renderer/views/wpaxos/QuorumRoundCard';
import { GridCluster, groups, members, put } from './grid-cluster';

const lift = eventLifterFor('wpaxos');

/** The cluster's events so far as the console records them (numbered from 1). */
function recorded(cluster: GridCluster): (ClusterEvent & { n: number })[] {
  return cluster.events.map(({ node, event }, i) => ({
    ...lift({ agent: node, seq: i + 1, timeMs: 0 }, event),
    n: i + 1,
  }));
}

describe('roundsOf: Q1 and Q2 of an object from its steps', () => {
  it('a first write: n0 asks every member in phase 1, all promise, a Q1 of every zone forms; its Q2 is zone 1', () => {
    const cluster = new GridCluster(0);
    cluster.client('n0', put('c1', 'k1', 'a'));
    cluster.run(3);
    const { q1, q2, steal } = roundsOf(recorded(cluster), 'k1');
    expect(q1).toMatchObject({ phase: 1, leader: 'n0', asked: members, refused: [], lost: false });
    expect(q1!.answered).toEqual(members);
    expect(q1!.formed).toEqual(members);
    expect(q1!.zones).toEqual([0, 1, 2]);
    expect(roundStatus(q1!, groups[0]!, 0)).toMatch(
      /^Q1 complete: promises from majorities of zones 1, 2 and 3 \(3 of the 3 zones needed, F = 0\)/,
    );
    // With F = 0 the leader's own zone (n0, n3) is a Q2: chosen before the other zones answered.
    expect(q2).toMatchObject({ phase: 2, slot: 1, leader: 'n0', zones: [0] });
    expect(q2!.formed).toEqual(expect.arrayContaining(['n0', 'n3']));
    expect(voteOf(q2!, 'n0')).toBe('leader');
    expect(voteOf(q2!, 'n3')).toBe('yes');
    expect(steal).toMatchObject({ from: null, to: 'n0', ballot: q1!.ballot });
  });

  it('before any answer the round is open: asked members wait, the status counts the leader only', () => {
    const cluster = new GridCluster(0);
    cluster.client('n1', put('c1', 'k1', 'a'));
    const { q1 } = roundsOf(recorded(cluster), 'k1');
    expect(q1!.formed).toBeNull();
    expect(voteOf(q1!, 'n1')).toBe('leader');
    expect(voteOf(q1!, 'n2')).toBe('asked');
    expect(roundStatus(q1!, groups[0]!, 0)).toBe(
      'Waiting: promises from majorities of no zone so far (3 of the 3 zones needed, F = 0).',
    );
  });

  it('two zones steal at once: the lower ballot meets a refusal and is given up; the steal goes from nobody to the winner', () => {
    const cluster = new GridCluster(0);
    cluster.client('n0', put('c1', 'k1', 'from-zone-1'));
    cluster.client('n2', put('c2', 'k1', 'from-zone-3'));
    cluster.run(3);
    const events = recorded(cluster);
    const { q1, steal } = roundsOf(events, 'k1');
    expect(q1!.leader).toBe('n2');
    expect(q1!.formed).not.toBeNull();
    expect(steal!.to).toBe('n2');
    // The lost round, read from the events up to n0's give-up.
    const lostAt = events.findIndex((event) => event.type === 'protocolStep' && event.step === 'stealLost');
    const lost = roundsOf(events.slice(0, lostAt + 1), 'k1').q1!;
    expect(lost.leader).toBe('n2'); // the higher ballot's round is already the newest
    const before = events.filter((event) => event.type !== 'protocolStep' || event.quorum?.leader !== 'n2');
    const n0Round = roundsOf(before, 'k1').q1!;
    expect(n0Round).toMatchObject({ leader: 'n0', lost: true, refused: ['n2'], formed: null });
    expect(roundStatus(n0Round, groups[0]!, 0)).toMatch(/^Given up: n0/);
  });

  it('a steal for locality: the object moves from n0 (zone 1) to a zone-2 node, with a new Q1', () => {
    const cluster = new GridCluster(0);
    cluster.client('n0', put('c0', 'k1', 'a'));
    cluster.run(5);
    for (let i = 1; i <= 8; i++) {
      cluster.client(i % 2 ? 'n1' : 'n4', put(`c${i}`, 'k1', `v${i}`));
      cluster.run(5);
    }
    const { q1, steal } = roundsOf(recorded(cluster), 'k1');
    expect(steal!.from).toBe('n0');
    expect(['n1', 'n4']).toContain(steal!.to);
    expect(q1!.leader).toBe(steal!.to);
    expect(q1!.formed).toEqual(members);
    // Drawn: the chip flies from zone 1 to zone 2; every member promised in the Q1.
    const html = renderToStaticMarkup(
      <WPaxosRounds
        object="k1"
        rounds={roundsOf(recorded(cluster), 'k1')}
        group={groups[0]!}
        zoneFailures={0}
      />,
    );
    expect(html).toContain('data-from-zone="0" data-to-zone="1"');
    expect(html).toContain(`k1 moved from zone 1 (n0) to zone 2 (${steal!.to})`);
    expect(html.match(/data-phase="1"[^]*?<\/section>/)![0].match(/data-vote="yes"/g)).toHaveLength(5);
  });

  it('with F = 1 a Q2 needs two zones, and the view says so', () => {
    const cluster = new GridCluster(1);
    cluster.client('n0', put('c1', 'k1', 'a'));
    cluster.run(3);
    const { q1, q2 } = roundsOf(recorded(cluster), 'k1');
    expect(q1!.zones.length).toBeGreaterThanOrEqual(2);
    expect(q2!.zones.length).toBe(2);
    expect(roundStatus(q2!, groups[0]!, 1)).toMatch(
      /2 of the 3 zones needed, F = 1\), so slot 1 is chosen\.$/,
    );
  });

  it('ignores other objects and events without a quorum', () => {
    const cluster = new GridCluster(0);
    cluster.client('n0', put('c1', 'k1', 'a'));
    cluster.run(3);
    expect(roundsOf(recorded(cluster), 'k2')).toEqual({ q1: null, q2: null, steal: null });
  });
});
