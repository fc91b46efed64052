/**
 * Hands the store and the client to every view. Views read state through these hooks and call actions
 * with `useConsole()`; nothing else reaches the client.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { Console } from '../actions/console-context';
import type { ObservedCluster } from '../store/observed-cluster';
import { shownObserved } from '../store/slices/observed-slice';
import type { ConsoleStore } from '../store/store';

const ConsoleContext = createContext<Console | null>(null);

export function ConsoleProvider({ console, children }: { console: Console; children: ReactNode }) {
  return <ConsoleContext.Provider value={console}>{children}</ConsoleContext.Provider>;
}

export function useConsole(): Console {
  const console = useContext(ConsoleContext);
  if (!console) throw new Error('useConsole needs a ConsoleProvider above it');
  return console;
}

/** Reads a part of the store; the view re-renders when that part changes (by Object.is). */
export function useConsoleState<T>(selector: (state: ConsoleStore) => T): T {
  return useStore(useConsole().store, selector);
}

/** Reads from the observed cluster the views show: the rewound one while scrubbing, else live. */
export function useShown<T>(selector: (observed: ObservedCluster) => T): T {
  return useStore(useConsole().store, (state) => selector(shownObserved(state)));
}
