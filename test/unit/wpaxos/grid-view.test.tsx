/** The console's WPaxos grid: a column per datacenter, each object on its leader, coloured by its zone. */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { defaultTopology } from '../../../app/model/topology';
import { columnsOf, WPaxosGridTable } from '../../../renderer/views/plog-lens/WPaxosGrid';

describe('WPaxosGridTable', () => {
  const columns = columnsOf(defaultTopology());

  it('lays the default topology out as three zones of two nodes', () => {
    expect(columns).toEqual([
      { datacenter: 'dc1', nodes: ['n0', 'n3'] },
      { datacenter: 'dc2', nodes: ['n1', 'n4'] },
      { datacenter: 'dc3', nodes: ['n2', 'n5'] },
    ]);
  });

  it('puts each object on its leader in its zone colour, the lens key outlined', () => {
    const leaders = {
      k1: { group: 'k1', view: 13, leader: 'n4', n: 5 },
      k2: { group: 'k2', view: 6, leader: 'n0', n: 2 },
    };
    const html = renderToStaticMarkup(<WPaxosGridTable columns={columns} leaders={leaders} lensKey="k1" />);
    expect(html).toContain('zone 2: dc2');
    expect(html).toMatch(/data-node="n4">.*class="wpaxos-object wpaxos-zone-1 lens-key" data-object="k1"/);
    expect(html).toMatch(/data-node="n0">.*class="wpaxos-object wpaxos-zone-0" data-object="k2"/);
    expect(html).toContain('n4 leads k1 with ballot 13');
  });

  it('says so when no object has a leader yet', () => {
    const html = renderToStaticMarkup(<WPaxosGridTable columns={columns} leaders={{}} lensKey={null} />);
    expect(html).toContain('No object has a leader yet.');
  });
});
