/**
 * The React side of the ConsoleHandle (actions/console-handle.ts): ConsoleProvider hands the store and
 * the client to every view. Views read state through these hooks and call actions with the handle from
 * `useConsole()`; nothing else reaches the client.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { ConsoleHandle } from '../actions/console-handle';
import type { ObservedCluster } from '../store/observed-cluster';
import { shownObserved } from '../store/slices/observed-slice';
import type { ConsoleStore } from '../store/store';

const ConsoleHandleContext = createContext<ConsoleHandle | null>(null);

export function ConsoleProvider({
  consoleHandle,
  children,
}: {
  consoleHandle: ConsoleHandle;
  children: ReactNode;
}) {
  return <ConsoleHandleContext.Provider value={consoleHandle}>{children}</ConsoleHandleContext.Provider>;
}

export function useConsole(): ConsoleHandle {
  const consoleHandle = useContext(ConsoleHandleContext);
  if (!consoleHandle) throw new Error('useConsole needs a ConsoleProvider above it');
  return consoleHandle;
}

/** Reads a part of the store; the view re-renders when that part changes (by Object.is). */
export function useConsoleState<T>(selector: (state: ConsoleStore) => T): T {
  return useStore(useConsole().store, selector);
}

/** Reads from the observed cluster the views show: the rewound one while scrubbing, else live. */
export function useShown<T>(selector: (observed: ObservedCluster) => T): T {
  return useStore(useConsole().store, (state) => selector(shownObserved(state)));
}

/** Whether a change of the store shows without waiting out the interval. */
export type ShowAtOnce = (state: ConsoleStore, previous: ConsoleStore) => boolean;

const scrubbed: ShowAtOnce = (state, previous) => state.rewound !== previous.rewound;

/**
 * Like useConsoleState, but re-renders at most once per `intervalMs`: for what a person reads rather
 * than watches move (the timeline, counters, the scrubber), which need not redraw on every frame of a
 * busy stream. Scrubbing (a change of the rewound state) shows at once, even with an update waiting,
 * or whatever `atOnce` says instead.
 * `selector` and `atOnce` must keep their identity between renders.
 */
export function useConsoleStateThrottled<T>(
  selector: (state: ConsoleStore) => T,
  intervalMs: number,
  atOnce: ShowAtOnce = scrubbed,
): T {
  const { store } = useConsole();
  const [value, setValue] = useState(() => selector(store.getState()));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastMs = 0;
    const update = () => {
      timer = null;
      lastMs = performance.now();
      setValue(() => selector(store.getState()));
    };
    update();
    const unsubscribe = store.subscribe((state, previous) => {
      if (atOnce(state, previous)) {
        if (timer) clearTimeout(timer);
        update();
        return;
      }
      if (timer) return;
      const waitMs = intervalMs - (performance.now() - lastMs);
      if (waitMs <= 0) update();
      else timer = setTimeout(update, waitMs);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [store, selector, intervalMs, atOnce]);
  return value;
}

/** useShown at most once per `intervalMs` (see useConsoleStateThrottled). */
export function useShownThrottled<T>(
  selector: (observed: ObservedCluster) => T,
  intervalMs: number,
  atOnce?: ShowAtOnce,
): T {
  const fromStore = useCallback((state: ConsoleStore) => selector(shownObserved(state)), [selector]);
  return useConsoleStateThrottled(fromStore, intervalMs, atOnce);
}
