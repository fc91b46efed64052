/** The console's frame: header, controls on the left, the cluster picture, client and lens on the right, timeline below. */
import { useCallback } from 'react';
import { ClientConsole } from '../views/client-console/ClientConsole';
import { useConsole } from '../views/console-context';
import { FaultPanel } from '../views/faults/FaultPanel';
import { NodeInspector } from '../views/node-inspector/NodeInspector';
import { PLogLens } from '../views/plog-lens/PLogLens';
import { Header } from '../views/shell/Header';
import { Notices } from '../views/shell/Notices';
import { Timeline } from '../views/timeline/Timeline';
import { TopologyView } from '../views/topology/TopologyView';
import { HelpOverlay } from './HelpOverlay';
import { useShortcuts } from './use-shortcuts';

export function App() {
  const console = useConsole();
  useShortcuts(console);
  const pickHeld = useCallback(
    (messageId: string) =>
      document.querySelector(`.held-tray [data-message="${CSS.escape(messageId)}"]`)?.scrollIntoView(),
    [],
  );
  return (
    <div className="console">
      <Header />
      <div className="left column">
        <NodeInspector />
        <FaultPanel />
      </div>
      <TopologyView onPickHeld={pickHeld} />
      <div className="right column">
        <ClientConsole />
        <PLogLens />
      </div>
      <Timeline />
      <Notices />
      <HelpOverlay />
    </div>
  );
}
