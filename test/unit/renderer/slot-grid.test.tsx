/** The multi-Paxos lens grid draws exactly what the members' logs say: chosen, accepted, gaps, no-ops, down. */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { GroupLog, SlotRow } from '../../../app/protocol/replicated-log';
import { SlotGrid } from '../../../renderer/views/plog-lens/SlotLog';

const chosen = (slot: number, command: string, view: number, applied = true): SlotRow => ({
  slot,
  state: 'chosen',
  noop: command === 'noop',
  view,
  command,
  tag: `n1/${view}/${slot}`,
  applied,
});
const accepted = (slot: number, command: string, view: number): SlotRow => ({
  ...chosen(slot, command, view, false),
  state: 'accepted',
});
const gap = (slot: number): SlotRow => ({
  slot,
  state: 'gap',
  noop: false,
  view: null,
  command: '',
  tag: null,
  applied: false,
});

function log(view: number, rows: SlotRow[], leading: GroupLog['leading'] = null): GroupLog {
  const commitPoint = rows.filter((row) => row.applied).length;
  const maxSlot = rows.length === 0 ? 0 : rows[rows.length - 1]!.slot;
  return {
    group: 'g0',
    view,
    leader: 'n1',
    status: 'normal',
    leading,
    promised: view,
    commitPoint,
    maxSlot,
    learnerOnly: false,
    rows,
  };
}

describe('SlotGrid', () => {
  it('marks each member’s slot as its log says, and names the newest view and its leader', () => {
    const members = ['n0', 'n1', 'n2', 'n3'];
    const html = renderToStaticMarkup(
      <SlotGrid
        itemKey="k1"
        members={members}
        logs={[
          null, // n0, the old leader, is down
          log(
            1,
            [chosen(1, 'put k1 (w1)', 0), chosen(2, 'noop', 1), chosen(3, 'put k1 (w3)', 1, false)],
            'serving',
          ),
          log(1, [chosen(1, 'put k1 (w1)', 0), accepted(2, 'noop', 1), accepted(3, 'put k1 (w3)', 1)]),
          log(0, [chosen(1, 'put k1 (w1)', 0), gap(2), gap(3)]),
        ]}
      />,
    );
    expect(html).toContain('data-view="1" data-leader="n1"');
    const row = (slot: number) =>
      html.slice(
        html.indexOf(`data-slot="${slot}"`),
        html.indexOf('</tr>', html.indexOf(`data-slot="${slot}"`)),
      );
    const states = (slot: number) => [...row(slot).matchAll(/data-state="(\w+)"/g)].map((match) => match[1]);
    expect(states(1)).toEqual(['chosen', 'chosen', 'chosen']);
    expect(states(2)).toEqual(['chosen', 'accepted', 'gap']);
    expect(row(2)).toContain('>no-op<');
    expect(row(2)).toContain('data-noop="true"');
    expect(row(3)).toContain('put k1 (w3)');
    // Chosen and applied reads ✓, chosen not yet applied C, accepted A, a gap ·, a member down ×.
    expect([...row(3).matchAll(/class="lens-cell slot-cell[^"]*"[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual([
      '×',
      'C',
      'A',
      '·',
    ]);
    expect(html).toMatch(/data-member="n1" class="slot-leader"[^>]*>n1★/);
  });

  it('says so when no member answered and the log is empty', () => {
    const html = renderToStaticMarkup(<SlotGrid itemKey="k1" members={['n0']} logs={[undefined]} />);
    expect(html).toContain('No member of the key’s group answered yet.');
    expect(html).toContain('The log is empty');
  });
});
