/** The messages between the renderer and the live-check worker. */
import type { HistoryOperation } from '../../app/checker/history';
import type { LiveKeyVerdict } from './live-checker';

export type ToLiveCheck =
  /** A new run: forget every operation. */
  | { type: 'reset'; runId: string | null }
  | { type: 'operations'; operations: HistoryOperation[] }
  /** Every call before this time is in the history; Infinity once the workload is over. */
  | { type: 'horizon'; horizonMs: number };

export type FromLiveCheck = {
  type: 'verdicts';
  /** The run these verdicts belong to, so a late answer for an old run is dropped. */
  runId: string | null;
  verdicts: LiveKeyVerdict[];
};
