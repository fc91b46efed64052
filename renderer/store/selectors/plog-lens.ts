/**
 * The PLog lens's grid: for one key, the newest indexes as rows and the key's replicas as columns, with
 * the most recent change marked so the lens can highlight it.
 */
import type { NodeId } from '../../../app/paxos/types';
import type { KeyView, ObservedCluster, PLogRow } from '../observed-cluster';

export interface LensRow {
  index: number;
  /** Per replica (in the order given), its row at this index or null when it has none. */
  cells: (PLogRow | null)[];
}

export interface PLogLens {
  key: string;
  replicas: NodeId[];
  rows: LensRow[];
  /** The ordinal of the newest change shown; cells with this changedN are highlighted. */
  latestChangeN: number;
}

/** The lens for `key` from what was observed of it (`view`, undefined before anything was). */
export function plogLens(
  view: KeyView | undefined,
  key: string,
  replicas: readonly NodeId[],
  rowsMax = 4,
): PLogLens {
  const perReplica = replicas.map((node) => view?.replicas[node] ?? []);
  const indexes = [...new Set(perReplica.flatMap((rows) => rows.map((row) => row.index)))]
    .sort((a, b) => b - a)
    .slice(0, rowsMax);
  const rows = indexes.map((index) => ({
    index,
    cells: perReplica.map((list) => list.find((row) => row.index === index) ?? null),
  }));
  const latestChangeN = Math.max(0, ...perReplica.flat().map((row) => row.changedN));
  return { key, replicas: [...replicas], rows, latestChangeN };
}

/** Keys seen so far, the most recently active first, for the lens's key picker. */
export function recentKeys(observed: ObservedCluster, max = 50): string[] {
  return Object.values(observed.keys)
    .sort((a, b) => b.lastN - a.lastN)
    .slice(0, max)
    .map((view) => view.key);
}
