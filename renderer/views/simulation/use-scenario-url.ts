/**
 * A scenario in the address (`#sim=…`, app/simulator/scenario-share.ts) opens in the simulator once the
 * console is connected, and again whenever the address changes to another one: whatever cluster runs
 * makes way, and the run starts paused at the scenario's end, ready for stepping. A bad fragment is a
 * notice naming the field.
 */
import { useEffect, useRef, useState } from 'react';
import { fragmentPrefix } from '../../../app/simulator/scenario-share';
import { makeWayForNewCluster } from '../../actions/make-way';
import { pushFailure, pushNotice } from '../../actions/notices';
import type { ConsoleHandle } from '../../actions/console-handle';
import { useConsole, useConsoleState } from '../use-console';

export function useScenarioUrl(): void {
  const consoleHandle = useConsole();
  const connected = useConsoleState((state) => state.connection === 'open');
  const [hash, setHash] = useState(() => globalThis.location?.hash ?? '');
  const opened = useRef('');
  useEffect(() => {
    const follow = () => setHash(globalThis.location.hash);
    globalThis.addEventListener?.('hashchange', follow);
    return () => globalThis.removeEventListener?.('hashchange', follow);
  }, []);
  useEffect(() => {
    if (!connected || opened.current === hash || !hash.startsWith(`#${fragmentPrefix}`)) return;
    opened.current = hash;
    void openScenario(consoleHandle, hash);
  }, [connected, consoleHandle, hash]);
}

async function openScenario(consoleHandle: ConsoleHandle, hash: string): Promise<void> {
  const { client, store } = consoleHandle;
  try {
    await makeWayForNewCluster(consoleHandle);
    const started = await client.call('startSimulatedCluster', { scenario: hash, paused: true });
    pushNotice(store, {
      tone: 'success',
      text: `Opened the shared scenario: seed ${started.seed}, ${started.nodes.length} nodes.`,
      undo: null,
    });
  } catch (error) {
    pushFailure(store, 'Scenario in the address', error);
  }
}
