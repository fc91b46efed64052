/** The comparison chart's geometry: shares per bucket, gaps for empty buckets, fault bands, axes. */
import { describe, expect, it } from 'vitest';
import type { ProtocolRun } from '../../../app/contract/comparison-run';
import {
  availabilityChartLayout,
  availabilityPoints,
  chartMargin,
  protocolColor,
} from '../../../renderer/checker/availability-chart-layout';

function runOf(protocol: ProtocolRun['protocol'], called: number[], answered: number[]): ProtocolRun {
  return {
    protocol,
    status: 'running',
    series: { bucketMs: 1000, called, answered },
    row: null,
    outDir: null,
  };
}

describe('availability chart layout', () => {
  it('gives each bucket its share, and none to a bucket no operation was called in', () => {
    expect(
      availabilityPoints({ bucketMs: 500, called: [4, 0, 2], answered: [3, 0, 0] }).map((point) => [
        point.midMs,
        point.share,
      ]),
    ).toEqual([
      [250, 0.75],
      [750, null],
      [1250, 0],
    ]);
  });

  it('draws one line per protocol, broken at empty buckets, over fault bands on the same time axis', () => {
    const size = { width: 400 + chartMargin.left + chartMargin.right, height: 200 };
    const layout = availabilityChartLayout(
      [
        runOf('paxoskv', [10, 10, 10, 10], [10, 10, 10, 10]),
        runOf('quorumkv', [10, 0, 10, 10], [10, 0, 2, 10]),
      ],
      [{ id: 'f1', kind: 'partition', label: 'partition dc1', startMs: 1000, endMs: 3000 }],
      4000,
      size,
    );
    const [paxos, quorum] = layout.lines;
    expect(paxos!.color).toBe(protocolColor('paxoskv'));
    expect(paxos!.color).not.toBe(quorum!.color);
    // One piece for PaxosKV; QuorumKV's empty second bucket splits its line in two.
    expect(paxos!.path.match(/M/g)).toHaveLength(1);
    expect(quorum!.path.match(/M/g)).toHaveLength(2);
    // 100 px a second: the band covers 1 s to 3 s, the third bucket's point sits at 2.5 s, 20% high.
    expect(layout.bands).toEqual([
      { id: 'f1', label: 'partition dc1', x0: chartMargin.left + 100, x1: chartMargin.left + 300 },
    ]);
    const third = quorum!.points[2]!;
    expect(third.x).toBeCloseTo(chartMargin.left + 250);
    const { top, bottom } = layout.plot;
    expect(third.y).toBeCloseTo(bottom - 0.2 * (bottom - top));
    expect(layout.yTicks.map((tick) => tick.text)).toContain('100%');
    expect(layout.xTicks[0]).toEqual({ x: chartMargin.left, text: '0' });
  });
});
