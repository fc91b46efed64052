/** The PaxosCertain lens draws the N × N records exactly as each replica's description says. */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { certain, type CertainMessage } from '../../../app/certain';
import { defaultCoreConfig, placeKey } from '../../../app/paxos';
import type { PlacementGroup } from '../../../app/paxos/types';
import { CertainViewGrid } from '../../../renderer/views/plog-lens/CertainViews';

const groups: PlacementGroup[] = [{ id: 'g0', members: ['n0', 'n1', 'n2', 'n3', 'n4', 'n5'] }];
const key = 'k1';
const replicas = placeKey(groups, key).replicas;
const [a, b, c] = replicas as [string, string, string];

describe('CertainViewGrid', () => {
  it('shows each replica’s own record and its views of the others (the key left out), and each DB’s committed entry', () => {
    const states = new Map(
      replicas.map((id) => [id, certain.createNode(defaultCoreConfig(id, groups), { seed: 1 })]),
    );
    const step = (id: string, input: Parameters<typeof certain.step>[1]) =>
      certain.step(states.get(id)!, input).ready.messages;
    const operation = { kind: 'put' as const, key, value: new TextEncoder().encode('v1') };
    const sent = step(a, { kind: 'client', request: { requestId: 'c1', operation } });
    const toB = sent.find((message) => message.to === b)!;
    const answers: CertainMessage[] = step(b, { kind: 'receive', message: toB });
    step(a, { kind: 'receive', message: answers.find((message) => message.to === a)! });
    step(a, { kind: 'tick', nowMs: 5 });
    const logs = [certain.describeLog!(states.get(a)!, key), certain.describeLog!(states.get(b)!, key), null];
    const html = renderToStaticMarkup(<CertainViewGrid itemKey={key} replicas={replicas} logs={logs} />);
    expect(html).toContain(`${a} #1`);
    expect(html).toContain(`${b} #0`);
    expect(html).toContain(`${c} not reachable`);
    const rowOf = (observer: string) => html.split(`data-replica="${observer}"`)[2] ?? '';
    // a's row: its own record chosen, its view of b chosen too, nothing heard from c.
    expect(rowOf(a)).toMatch(/<b>\[b1 p1 a1 put \(c1\) chosen\]<\/b>.*\[p1 a1 put \(c1\) chosen\].*—/);
    // b's row: its view of a is a's accepted record as a sent it, before a knew it chosen.
    expect(rowOf(b)).toMatch(/\[b1 p1 a1 put \(c1\)\]<\/td>.*<b>\[p1 a1 put \(c1\) chosen\]<\/b>/);
  });

  it('shows where each PLog starts once trimmed, and a wiped replica’s incarnation and relearning phase', () => {
    const writer = certain.createNode(defaultCoreConfig(a, groups), { seed: 1 });
    const reader = certain.createNode(defaultCoreConfig(b, groups), { seed: 1 });
    let now = 0;
    const operation = (i: number) => ({
      kind: 'put' as const,
      key,
      value: new TextEncoder().encode(`v${i}`),
    });
    // a writes v1..v20, each chosen with b's answer (a holds the pre-authorised ballot every time).
    for (let i = 1; i <= 20; i++) {
      const sent = certain.step(writer, {
        kind: 'client',
        request: { requestId: `c${i}`, operation: operation(i) },
      });
      const toB = sent.ready.messages.find((message) => message.to === b)!;
      const answer = certain.step(reader, { kind: 'receive', message: toB }).ready.messages;
      certain.step(writer, { kind: 'receive', message: answer.find((message) => message.to === a)! });
      now += 5;
      certain.step(writer, { kind: 'tick', nowMs: now });
    }
    const wiped = certain.createNode(defaultCoreConfig(c, groups), { seed: 1, learnerOnly: true });
    certain.step(wiped, { kind: 'client', request: { requestId: 'r1', operation: { kind: 'get', key } } });
    certain.step(wiped, { kind: 'tick', nowMs: 5 });
    const logs = [certain.describeLog!(writer, key), null, certain.describeLog!(wiped, key)];
    const html = renderToStaticMarkup(<CertainViewGrid itemKey={key} replicas={replicas} logs={logs} />);
    expect(html).toContain(`${a} #20, PLog from #5`);
    expect(html).toContain(`${c} #0 (relearning: asking)`);
  });
});
