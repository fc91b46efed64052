import { describe, expect, it } from 'vitest';
import { defaultTopology, validateTopology, type Topology } from '../../../app/model/topology';
import { FlightBoard } from '../../../renderer/layers/flight-board';
import { controlPoint, pointOnPath, pointPastSender } from '../../../renderer/layers/flight-path';
import { layoutTimeline } from '../../../renderer/layers/timeline-layout';
import { layoutTopology, type Box } from '../../../renderer/layers/topology-layout';
import { ingestBatch } from '../../../renderer/store/ingest';
import { emptyObservedCluster } from '../../../renderer/store/observed-cluster';
import { ballot, eventFactory } from './cluster-events';

function bigTopology(miniClustersPerDc: number): Topology {
  let port = 9000;
  return validateTopology({
    datacenters: [1, 2, 3].map((d) => ({
      id: `dc${d}`,
      miniClusters: Array.from({ length: miniClustersPerDc }, (_, m) => ({
        id: `dc${d}-mc${m + 1}`,
        nodes: [0, 1].map((slot) => ({ id: `d${d}m${m}s${slot}`, port: port++ })),
      })),
    })),
  });
}

const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x - 1e-9 &&
  inner.y >= outer.y - 1e-9 &&
  inner.x + inner.width <= outer.x + outer.width + 1e-9 &&
  inner.y + inner.height <= outer.y + outer.height + 1e-9;

const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('topology layout', () => {
  it.each([1, 2, 5])('nests %i mini-cluster(s) per datacenter without overlaps', (perDc) => {
    const layout = layoutTopology(bigTopology(perDc), 1000, 700);
    expect(layout.datacenters).toHaveLength(3);
    for (const [i, a] of layout.datacenters.entries()) {
      expect(inside(a, { x: 0, y: 0, width: 1000, height: 700 })).toBe(true);
      for (const b of layout.datacenters.slice(i + 1)) expect(overlap(a, b)).toBe(false);
    }
    for (const mc of layout.miniClusters) {
      const dc = layout.datacenters.find((box) => box.id === mc.datacenterId)!;
      expect(inside(mc, dc)).toBe(true);
      for (const other of layout.miniClusters) if (other !== mc) expect(overlap(mc, other)).toBe(false);
    }
    for (const node of Object.values(layout.nodes)) {
      const mc = layout.miniClusters.find((box) => box.id === node.miniClusterId)!;
      expect(
        inside({ x: node.x - node.r, y: node.y - node.r, width: 2 * node.r, height: 2 * node.r }, mc),
      ).toBe(true);
    }
    expect(Object.keys(layout.nodes)).toHaveLength(6 * perDc);
  });

  it('is stable: the same topology and size always give the same picture', () => {
    expect(layoutTopology(defaultTopology(), 900, 600)).toEqual(layoutTopology(defaultTopology(), 900, 600));
  });

  it('places the three datacenters as a triangle so no message path crosses a third one', () => {
    const [a, b, c] = layoutTopology(defaultTopology(), 900, 600).datacenters;
    expect(a!.y).toBe(b!.y);
    expect(c!.y).toBeGreaterThan(a!.y + a!.height);
    expect(c!.x + c!.width / 2).toBeCloseTo(450);
  });

  it('refuses a size that is not positive, naming it', () => {
    expect(() => layoutTopology(defaultTopology(), 0, 600)).toThrow(/0x600/);
  });
});

describe('flight path', () => {
  const a = { id: 'a', x: 0, y: 0, r: 10, datacenterId: 'dc1', miniClusterId: 'm' };
  const b = { id: 'b', x: 100, y: 0, r: 10, datacenterId: 'dc2', miniClusterId: 'm' };

  it('starts and ends on the nodes’ rims', () => {
    const start = pointOnPath(a, b, 0);
    const end = pointOnPath(a, b, 1);
    expect(Math.hypot(start.x - a.x, start.y - a.y)).toBeCloseTo(10);
    expect(Math.hypot(end.x - b.x, end.y - b.y)).toBeCloseTo(10);
  });

  it('parks a point a fixed distance past the sender, never beyond halfway', () => {
    const far = { ...b, x: 1000 };
    const parked = pointPastSender(a, far, 24);
    expect(Math.hypot(parked.x - a.x, parked.y - a.y)).toBeGreaterThan(a.r + 20);
    expect(Math.hypot(parked.x - a.x, parked.y - a.y)).toBeLessThan(a.r + 30);
    expect(pointPastSender(a, b, 500).x).toBeCloseTo(pointOnPath(a, b, 0.5).x);
  });

  it('bends a request and its reply to opposite sides so they do not overlap', () => {
    expect(controlPoint(a, b).y).toBeLessThan(0);
    expect(controlPoint(b, a).y).toBeGreaterThan(0);
  });
});

describe('flight board', () => {
  const event = eventFactory();
  const sent = (id: string) =>
    event('n0', { type: 'messageSent', messageId: id, messageType: 'accept', peer: 'n1' });
  /** A board that flies a message in 1 s (3 s delayed), fades it in 100 ms and shows a drop for 500 ms. */
  const newBoard = (capacity = 10) =>
    new FlightBoard({ flightMs: 1000, delayedFactor: 3, fadeMs: 100, dropShowMs: 500, capacity });

  it('moves a dot across in the display time, slower in slow motion, and fades it after arrival', () => {
    const board = newBoard();
    board.apply(sent('n0:1'), 0, 0.5);
    expect(board.frame(500)[0]!.t).toBeCloseTo(0.25);
    board.apply(
      event('n1', { type: 'messageReceived', messageId: 'n0:1', messageType: 'accept', peer: 'n0' }),
      600,
      0.5,
    );
    expect(board.frame(1000)[0]!.t).toBeCloseTo(0.5);
    expect(board.frame(2000)[0]).toMatchObject({ t: 1, alpha: 1 });
    expect(board.frame(2050)[0]!.alpha).toBeCloseTo(0.5);
    expect(board.frame(2200)).toEqual([]);
  });

  it('parks a held message near the gate that holds it and resumes from there on release', () => {
    const board = newBoard();
    board.apply(sent('n0:2'), 0, 1);
    board.apply(
      event('n0', { type: 'messageHeld', messageId: 'n0:2', messageType: 'accept', peer: 'n1' }),
      10,
      1,
    );
    expect(board.frame(5000)[0]).toMatchObject({ t: 0.2 });
    board.apply(
      event('n0', {
        type: 'messageReleased',
        messageId: 'n0:2',
        messageType: 'accept',
        peer: 'n1',
        action: 'deliver',
      }),
      5000,
      1,
    );
    expect(board.frame(5100)[0]!.t).toBeCloseTo(0.3);
  });

  it('shows a dropped message where it was lost, then forgets it', () => {
    const board = newBoard();
    board.apply(sent('n0:3'), 0, 1);
    board.apply(
      event('n0', {
        type: 'messageDropped',
        messageId: 'n0:3',
        messageType: 'accept',
        peer: 'n1',
        reason: 'loss',
      }),
      400,
      1,
    );
    expect(board.frame(600)[0]).toMatchObject({ t: 0.4, flight: { phase: 'dropped' } });
    expect(board.frame(1000)).toEqual([]);
  });

  it('stretches a delayed flight without a jump, and counts sends beyond its capacity', () => {
    const board = newBoard(1);
    board.apply(sent('n0:4'), 0, 1);
    board.apply(
      event('n0', {
        type: 'messageDelayed',
        messageId: 'n0:4',
        messageType: 'accept',
        peer: 'n1',
        delayMs: 50,
      }),
      300,
      1,
    );
    expect(board.frame(300)[0]!.t).toBeCloseTo(0.3);
    expect(board.frame(1200)[0]!.t).toBeCloseTo(0.6);
    board.apply(sent('n0:5'), 1200, 1);
    expect(board.notShown).toBe(1);
    expect(board.size).toBe(1);
  });
});

describe('timeline layout', () => {
  it('draws a message from the sender’s lane to the receiver’s, and a lost one only partway', () => {
    const event = eventFactory();
    const observed = ingestBatch(emptyObservedCluster(), [
      event('n0', { type: 'messageSent', messageId: 'n0:1', messageType: 'accept', peer: 'n1' }),
      event('n1', { type: 'messageReceived', messageId: 'n0:1', messageType: 'accept', peer: 'n0' }),
      event('n1', { type: 'acceptedValue', requestId: 'r' }, { key: 'k', index: 1, ballot: ballot(1, 1) }),
      event('n0', { type: 'messageSent', messageId: 'n0:2', messageType: 'accept', peer: 'n2' }),
      event('n0', {
        type: 'messageDropped',
        messageId: 'n0:2',
        messageType: 'accept',
        peer: 'n2',
        reason: 'partition',
      }),
      { type: 'processChanged', nodeId: 'n2', down: { kind: 'killed', why: 'x' } },
    ]);
    const layout = layoutTimeline(observed, ['n0', 'n1', 'n2'], { width: 600, height: 200, gutter: 40 }, 100);
    const laneOf = Object.fromEntries(layout.lanes.map((lane) => [lane.node, lane.y]));
    const delivered = layout.lines.find((line) => line.id === 'n0:1')!;
    expect(delivered).toMatchObject({ y1: laneOf.n0, y2: laneOf.n1, end: 'delivered', n: 1 });
    expect(delivered.x2).toBeGreaterThan(delivered.x1);
    const lost = layout.lines.find((line) => line.id === 'n0:2')!;
    expect(lost.end).toBe('dropped');
    expect(lost.y2).toBeLessThan(laneOf.n2!);
    expect(layout.marks).toEqual([expect.objectContaining({ n: 3, type: 'acceptedValue', y: laneOf.n1 })]);
    expect(layout.bands).toEqual([expect.objectContaining({ node: 'n2', kind: 'killed' })]);
    expect(layout.lanes.map((lane) => lane.y)).toEqual(
      [...layout.lanes.map((lane) => lane.y)].sort((a, b) => a - b),
    );
  });

  it('shows only the newest events of its window', () => {
    const event = eventFactory();
    const events = Array.from({ length: 50 }, (_, i) =>
      event('n0', { type: 'promised', peer: 'n1' }, { key: 'k', index: i + 1, ballot: ballot(1, 1) }),
    );
    const layout = layoutTimeline(
      ingestBatch(emptyObservedCluster(), events),
      ['n0'],
      { width: 600, height: 100, gutter: 40 },
      10,
    );
    expect(layout.firstN).toBe(41);
    expect(layout.marks.map((mark) => mark.n)).toEqual([41, 42, 43, 44, 45, 46, 47, 48, 49, 50]);
  });
});
