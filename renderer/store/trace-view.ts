/**
 * An imported trace shown beside a running cluster: its own observed state and topology take the place
 * of the live ones until the person returns to live. It rides on the rewind state (the views already
 * show `rewound` instead of live), so anything that ends a rewind ends the trace view too.
 */
import type { Topology } from '../../app/model/topology';
import type { ObservedCluster } from './observed-cluster';
import type { ObservedSlice } from './slices/observed-slice';

export interface ViewedTrace {
  /** The file's name, for the mode badge. */
  name: string;
  /** The topology the file names; null for a file without one. */
  topology: Topology | null;
  /** The trace's events folded into an observed state; shown as `rewound` while viewed. */
  observed: ObservedCluster;
}

/** The trace being viewed, or null when the views show live or a rewind of live. */
export function viewedTraceOf(state: ObservedSlice): ViewedTrace | null {
  const trace = state.viewedTrace;
  return trace && state.rewound === trace.observed ? trace : null;
}
