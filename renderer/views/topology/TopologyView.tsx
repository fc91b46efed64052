/**
 * The cluster as a picture: datacenters, mini-clusters and nodes in SVG, messages in flight on a canvas
 * above them, held messages as clickable marks, each group's quorum state, and a legend. The layout
 * depends only on the topology and the panel size, so nothing moves as events stream in.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { MessageLayer } from '../../layers/MessageLayer';
import { layoutTopology, type TopologyLayout } from '../../layers/topology-layout';
import { heldMessages } from '../../store/selectors/message-views';
import { useConsole, useConsoleState, useShown } from '../use-console';
import { useElementSize } from '../use-element-size';
import { useGroupQuorums, useHealthById, useLensKey, useReplicasOf, useTopology } from '../use-cluster';
import { DatacenterRegion } from './DatacenterRegion';
import { GroupQuorumChips } from './GroupQuorumChips';
import { HeldMarkers } from './HeldMarkers';
import { CaptionBand } from './CaptionBand';
import { MessageLegend } from './MessageLegend';
import { NodeContextMenu } from './NodeContextMenu';
import { NodeMark } from './NodeMark';

const roleLetters = ['A', 'B', 'C'];

function EmptyPicture() {
  const traceMode = useConsoleState((state) => state.cluster.mode === 'trace');
  return (
    <div className="empty-state">
      {traceMode
        ? 'This trace’s nodes are not those of the default cluster, and trace files do not record the topology, so they cannot be placed. The timeline still lists their events.'
        : 'No cluster yet. Start one from the bar above.'}
    </div>
  );
}

export function TopologyView({ onPickHeld }: { onPickHeld: (messageId: string) => void }) {
  const { store } = useConsole();
  const topology = useTopology();
  const areaRef = useRef<HTMLDivElement>(null);
  const size = useElementSize(areaRef);
  const layout = useMemo(
    () =>
      topology && size.width > 0 && size.height > 0
        ? layoutTopology(topology, size.width, size.height)
        : null,
    [topology, size.width, size.height],
  );
  const quorums = useGroupQuorums();
  const theme = useConsoleState((state) => state.settings.theme);
  const [menu, setMenu] = useState<{ nodeId: string; x: number; y: number } | null>(null);
  const openMenu = useCallback((nodeId: string, x: number, y: number) => setMenu({ nodeId, x, y }), []);
  const closeMenu = useCallback(() => setMenu(null), []);

  return (
    <section className="topology panel" aria-label="cluster topology">
      <h2>
        Cluster <span className="spacer" />
        <span className="dim hint">click a node to inspect · right-click for actions</span>
      </h2>
      <GroupQuorumChips quorums={quorums} />
      <div className="topology-area" ref={areaRef}>
        {!topology && <EmptyPicture />}
        {layout && (
          <>
            <TopologyPicture layout={layout} onMenu={openMenu} onPickHeld={onPickHeld} />
            <MessageLayer store={store} layout={layout} theme={theme} />
          </>
        )}
        {menu && <NodeContextMenu nodeId={menu.nodeId} x={menu.x} y={menu.y} onClose={closeMenu} />}
      </div>
      <CaptionBand />
      <MessageLegend />
    </section>
  );
}

interface PictureProps {
  layout: TopologyLayout;
  onMenu: (nodeId: string, x: number, y: number) => void;
  onPickHeld: (messageId: string) => void;
}

/** The SVG: datacenter regions, nodes with their health and lens role, and held messages. */
function TopologyPicture({ layout, onMenu, onPickHeld }: PictureProps) {
  const { store } = useConsole();
  const health = useHealthById();
  const replicas = useReplicasOf(useLensKey());
  const held = useShown(useShallow(heldMessages));
  const selectedNodeId = useConsoleState((state) => state.selectedNodeId);
  const relaxed = useConsoleState(
    useShallow((state) =>
      Object.values(state.processes)
        .filter((node) => node.syncRelaxed)
        .map((node) => node.id),
    ),
  );
  const select = useCallback((nodeId: string) => store.setState({ selectedNodeId: nodeId }), [store]);
  return (
    <svg
      className="topology-svg"
      width={layout.width}
      height={layout.height}
      role="img"
      aria-label="datacenters and nodes"
    >
      {layout.datacenters.map((dc) => {
        const nodesHere = Object.values(layout.nodes).filter((node) => node.datacenterId === dc.id);
        const cutOff = nodesHere.length > 0 && nodesHere.every((node) => health[node.id] === 'cutOff');
        return (
          <DatacenterRegion
            key={dc.id}
            box={dc}
            cutOff={cutOff}
            miniClusters={layout.miniClusters.filter((mc) => mc.datacenterId === dc.id)}
          />
        );
      })}
      {Object.values(layout.nodes).map((spot) => {
        const role = replicas ? replicas.indexOf(spot.id) : -1;
        return (
          <NodeMark
            key={spot.id}
            spot={spot}
            health={health[spot.id] ?? 'unknown'}
            role={role >= 0 ? roleLetters[role]! : null}
            selected={selectedNodeId === spot.id}
            syncRelaxed={relaxed.includes(spot.id)}
            onSelect={select}
            onMenu={onMenu}
          />
        );
      })}
      <HeldMarkers layout={layout} held={held} onPick={onPickHeld} />
    </svg>
  );
}
