/**
 * Where everything sits in the topology picture, computed from the topology and the drawing size only,
 * never from events, so nothing moves while the cluster runs. Three datacenters form a triangle (so a
 * message between any two of them never crosses the third), mini-clusters sit in a grid inside their
 * datacenter, and each mini-cluster shows its two nodes side by side.
 */
import { scaleBand } from 'd3';
import type { Topology } from '../../app/model/topology';
import type { NodeId } from '../../app/paxos/types';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DatacenterBox extends Box {
  id: string;
  label: string;
}

export interface MiniClusterBox extends Box {
  id: string;
  datacenterId: string;
  groupId: string;
}

export interface NodeSpot {
  id: NodeId;
  x: number;
  y: number;
  r: number;
  datacenterId: string;
  miniClusterId: string;
}

export interface TopologyLayout {
  width: number;
  height: number;
  datacenters: DatacenterBox[];
  miniClusters: MiniClusterBox[];
  nodes: Record<NodeId, NodeSpot>;
}

/** Centres of the three datacenters as fractions of the drawing: top left, top right, bottom middle. */
const triangle: [number, number][] = [
  [0.24, 0.27],
  [0.76, 0.27],
  [0.5, 0.73],
];
const datacenterWidthShare = 0.4;
const datacenterHeightShare = 0.4;
/** Room at the top of a datacenter box for its name. */
const titleHeight = 26;
const nodeRadiusMax = 34;
const nodeRadiusMin = 6;

export function layoutTopology(topology: Topology, width: number, height: number): TopologyLayout {
  if (!(width > 0) || !(height > 0))
    throw new RangeError(`layout size must be positive, got ${width}x${height}`);
  const groupOf = new Map<string, string>();
  for (const group of topology.groups) for (const mc of group.miniClusters) groupOf.set(mc, group.id);
  const layout: TopologyLayout = { width, height, datacenters: [], miniClusters: [], nodes: {} };
  topology.datacenters.forEach((dc, d) => {
    const [cx, cy] = triangle[d % triangle.length]!;
    const box: DatacenterBox = {
      id: dc.id,
      label: dc.name ? `${dc.id} · ${dc.name}` : dc.id,
      width: width * datacenterWidthShare,
      height: height * datacenterHeightShare,
      x: width * cx - (width * datacenterWidthShare) / 2,
      y: height * cy - (height * datacenterHeightShare) / 2,
    };
    layout.datacenters.push(box);
    placeMiniClusters(layout, box, dc.miniClusters, groupOf);
  });
  return layout;
}

function placeMiniClusters(
  layout: TopologyLayout,
  dc: DatacenterBox,
  miniClusters: Topology['datacenters'][number]['miniClusters'],
  groupOf: Map<string, string>,
): void {
  const inner = {
    x: dc.x + 8,
    y: dc.y + titleHeight,
    width: dc.width - 16,
    height: dc.height - titleHeight - 8,
  };
  // A mini-cluster holds two nodes side by side, so it wants to be about twice as wide as it is high.
  const count = miniClusters.length;
  const columns = clamp(Math.round(Math.sqrt((count * inner.width) / (2 * inner.height))), 1, count);
  const rows = Math.ceil(count / columns);
  const xBand = scaleBand<number>()
    .domain(range(columns))
    .range([inner.x, inner.x + inner.width])
    .paddingInner(0.12);
  const yBand = scaleBand<number>()
    .domain(range(rows))
    .range([inner.y, inner.y + inner.height])
    .paddingInner(0.12);
  miniClusters.forEach((mc, m) => {
    const box: MiniClusterBox = {
      id: mc.id,
      datacenterId: dc.id,
      groupId: groupOf.get(mc.id) ?? '',
      x: xBand(m % columns)!,
      y: yBand(Math.floor(m / columns))!,
      width: xBand.bandwidth(),
      height: yBand.bandwidth(),
    };
    layout.miniClusters.push(box);
    const r = clamp(Math.min(box.width / 5, box.height / 2.8), nodeRadiusMin, nodeRadiusMax);
    mc.nodes.forEach((node, slot) => {
      layout.nodes[node.id] = {
        id: node.id,
        x: box.x + (box.width * (slot * 2 + 1)) / (mc.nodes.length * 2),
        y: box.y + box.height / 2,
        r,
        datacenterId: dc.id,
        miniClusterId: mc.id,
      };
    });
  });
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}
