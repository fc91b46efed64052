/**
 * Three PaxosCertain replicas of one key stepped by hand: the one message kind carries a prepare, an
 * accept and a commit; a replica answers only when its record changed or the sender's view of it is
 * stale; a lost message is sent again on the proposer's timer; the node whose value won entry i
 * writes entry i + 1 in one round trip.
 */
import { describe, expect, it } from 'vitest';
import { certain, type CertainMessage, type CertainNodeState } from '../../../app/certain';
import { viewsOfRow } from '../../../app/certain/describe';
import { groupLogSchema } from '../../../app/contract/plog-view';
import { defaultCoreConfig, placeKey } from '../../../app/paxos';
import type { ClientReply, PlacementGroup } from '../../../app/paxos/types';

const groups: PlacementGroup[] = [{ id: 'g0', members: ['n0', 'n1', 'n2', 'n3', 'n4', 'n5'] }];
const key = 'k1';
const [a, b, c] = placeKey(groups, key).replicas as [string, string, string];

class Trio {
  readonly nodes = new Map<string, CertainNodeState>();
  readonly wire: CertainMessage[] = [];
  readonly replies: ClientReply[] = [];
  nowMs = 0;

  constructor() {
    for (const id of [a, b, c])
      this.nodes.set(id, certain.createNode(defaultCoreConfig(id, groups), { seed: 1 }));
  }

  private run(id: string, input: Parameters<typeof certain.step>[1]): CertainMessage[] {
    const { ready } = certain.step(this.nodes.get(id)!, input);
    this.wire.push(...ready.messages);
    this.replies.push(...ready.replies);
    return ready.messages;
  }

  put(id: string, requestId: string, value: string): CertainMessage[] {
    const operation = { kind: 'put' as const, key, value: new TextEncoder().encode(value) };
    return this.run(id, { kind: 'client', request: { requestId, operation } });
  }

  /** Delivers the oldest message matching, returning what the receiver sent in answer. */
  deliver(from: string, to: string): CertainMessage[] {
    const at = this.wire.findIndex((message) => message.from === from && message.to === to);
    expect(at, `a message ${from} → ${to} on the wire`).toBeGreaterThanOrEqual(0);
    const [message] = this.wire.splice(at, 1);
    return this.run(to, { kind: 'receive', message: message! });
  }

  drop(from: string, to: string): void {
    this.wire.splice(
      this.wire.findIndex((message) => message.from === from && message.to === to),
      1,
    );
  }

  tick(ms: number): CertainMessage[] {
    this.nowMs += ms;
    return [a, b, c].flatMap((id) => this.run(id, { kind: 'tick', nowMs: this.nowMs }));
  }
}

describe('the semi-symmetric exchange between three replicas', () => {
  it('writes entry 1 in one round trip from role A (pre-authorised), then entry 2 the same way', () => {
    const trio = new Trio();
    const sent = trio.put(a, 'c1', 'v1');
    expect(sent.map((message) => [message.to, message.record.accepted])).toEqual([
      [b, 1],
      [c, 1],
    ]);
    const answer = trio.deliver(a, b);
    // b's views (a accepted ballot 1, and itself) make a majority: chosen. It answers a, and tells c.
    expect(answer.map((message) => message.to)).toEqual([a, c]);
    expect(answer[0]).toMatchObject({ entry: 1, record: { accepted: 1, chosen: true }, maxChosen: 1 });
    trio.deliver(b, a);
    trio.tick(5); // the DB worker applies entry 1 in the step after it was chosen, then answers
    expect(trio.replies).toEqual([
      expect.objectContaining({ requestId: 'c1', ok: true, index: 1, path: 'fast' }),
    ]);
    trio.put(a, 'c2', 'v2');
    const second = trio.wire.filter((message) => message.entry === 2);
    expect(second.map((message) => message.record.accepted)).toEqual([1, 1]);
  });

  it('answers a stale view of itself, and nothing when the sender’s view is current and nothing changed', () => {
    const trio = new Trio();
    const [toB] = trio.put(a, 'c1', 'v1');
    const answer = trio.deliver(a, b);
    const again = (view: CertainMessage['view']) =>
      certain.step(trio.nodes.get(b)!, { kind: 'receive', message: { ...toB!, view } }).ready.messages;
    // The duplicate still says a knows nothing of b: b answers with its chosen record.
    expect(again(toB!.view)).toEqual([expect.objectContaining({ to: a, record: answer[0]!.record })]);
    // The same record with a current view of b changes nothing at b and teaches a nothing: no answer.
    expect(again(answer[0]!.record)).toEqual([]);
  });

  it('sends its record again on its timer when a message is lost, and a prepare runs over records alone', () => {
    const trio = new Trio();
    const sent = trio.put(b, 'c1', 'v1'); // role B holds no pre-authorised ballot at entry 1: it prepares
    expect(sent.every((message) => message.record.promised > 3 && message.record.accepted === 0)).toBe(true);
    trio.drop(b, a);
    trio.drop(b, c);
    expect(trio.tick(1)).toEqual([]);
    const resent = trio.tick(200).filter((message) => message.from === b);
    expect(resent.map((message) => message.to).sort()).toEqual([a, c].sort());
    const promise = trio.deliver(b, c);
    expect(promise[0]).toMatchObject({ to: b, record: { promised: sent[0]!.record.promised, accepted: 0 } });
    const accept = trio.deliver(c, b);
    expect(accept.every((message) => message.record.accepted === sent[0]!.record.promised)).toBe(true);
  });
});

describe('what the lens is told (describeLog)', () => {
  it('gives each replica’s entries, the DB’s applied point, the pre-authorised writer and its views', () => {
    const trio = new Trio();
    trio.put(a, 'c1', 'v1');
    trio.deliver(a, b);
    trio.deliver(b, a);
    trio.tick(5);
    const log = certain.describeLog!(trio.nodes.get(a)!, key)!;
    expect(groupLogSchema.safeParse(log).success).toBe(true);
    expect(log).toMatchObject({ group: key, leader: a, commitPoint: 1, maxSlot: 1, learnerOnly: false });
    expect(log.rows).toEqual([
      expect.objectContaining({ slot: 1, state: 'chosen', view: 1, applied: true, tag: 'n2:1' }),
    ]);
    expect(viewsOfRow(log.rows[0]!.command)).toEqual([
      { replica: a, record: '[b1 p1 a1 put k1 (c1) chosen]' },
      { replica: b, record: '[p1 a1 put k1 (c1) chosen]' },
      { replica: c, record: '[]' },
    ]);
    // c heard nothing yet (its messages are still on the wire): it holds nothing for the key.
    expect(certain.describeLog!(trio.nodes.get(c)!, key)).toBeNull();
  });
});
