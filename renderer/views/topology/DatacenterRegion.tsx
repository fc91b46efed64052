/** A datacenter as a region, with its mini-clusters drawn inside; a cut-off datacenter gets a dashed edge. */
import { memo } from 'react';
import type { DatacenterBox, MiniClusterBox } from '../../layers/topology-layout';

interface DatacenterRegionProps {
  box: DatacenterBox;
  miniClusters: MiniClusterBox[];
  /** True when every node of the datacenter is cut off from the other datacenters. */
  cutOff: boolean;
}

export const DatacenterRegion = memo(function DatacenterRegion({
  box,
  miniClusters,
  cutOff,
}: DatacenterRegionProps) {
  return (
    <g className={`datacenter${cutOff ? ' cut-off' : ''}`} data-datacenter={box.id}>
      <rect className="dc-box" x={box.x} y={box.y} width={box.width} height={box.height} rx={12} />
      <text className="dc-label" x={box.x + 12} y={box.y + 18}>
        {box.label}
        {cutOff ? ' — cut off by a partition' : ''}
      </text>
      {miniClusters.map((mc) => (
        <g key={mc.id} className="mini-cluster">
          <rect x={mc.x} y={mc.y} width={mc.width} height={mc.height} rx={8} />
          <text x={mc.x + 6} y={mc.y + 13}>
            {mc.id}
            {mc.groupId ? ` · ${mc.groupId}` : ''}
          </text>
        </g>
      ))}
    </g>
  );
});
