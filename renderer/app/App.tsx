/**
 * The console's frame: header, controls on the left, the cluster picture, client and lens on the right,
 * and below the timeline, or the Checker panel in its place while that is open.
 */
import { useCallback, useEffect } from 'react';
import { connectChecker } from '../checker/connect-checker';
import { workerLiveCheck } from '../checker/live-check-port';
import { CheckerPanel } from '../views/checker/CheckerPanel';
import { CheckerSummary } from '../views/checker/CheckerSummary';
import { ClientConsole } from '../views/client-console/ClientConsole';
import { useConsole, useConsoleState } from '../views/use-console';
import { FaultPanel } from '../views/faults/FaultPanel';
import { NodeInspector } from '../views/node-inspector/NodeInspector';
import { PLogLens } from '../views/plog-lens/PLogLens';
import { Header } from '../views/shell/Header';
import { SimulationPanel } from '../views/simulation/SimulationPanel';
import { LessonsPanel } from '../views/lessons/LessonsPanel';
import { Notices } from '../views/shell/Notices';
import { Timeline } from '../views/timeline/Timeline';
import { TopologyView } from '../views/topology/TopologyView';
import { HelpOverlay } from './HelpOverlay';
import { useShortcuts } from './use-shortcuts';

export function App() {
  const consoleHandle = useConsole();
  useShortcuts(consoleHandle);
  useEffect(
    () => connectChecker(consoleHandle.store, consoleHandle.client, workerLiveCheck()),
    [consoleHandle],
  );
  const checkerOpen = useConsoleState((state) => state.checkerOpen);
  const pickHeld = useCallback(
    (messageId: string) =>
      document.querySelector(`.held-tray [data-message="${CSS.escape(messageId)}"]`)?.scrollIntoView(),
    [],
  );
  return (
    <div className={checkerOpen ? 'console checker-open' : 'console'}>
      <Header />
      <div className="left column">
        <LessonsPanel />
        <SimulationPanel />
        <NodeInspector />
        <FaultPanel />
      </div>
      <TopologyView onPickHeld={pickHeld} />
      <div className="right column">
        <ClientConsole />
        <PLogLens />
        <CheckerSummary />
      </div>
      {checkerOpen ? <CheckerPanel /> : <Timeline />}
      <Notices />
      <HelpOverlay />
    </div>
  );
}
