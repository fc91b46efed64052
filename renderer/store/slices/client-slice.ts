/**
 * The client console's record: operations a person ran through a chosen agent, with their outcome, and
 * the background workload's switch, rate and tallies.
 */
import type { StateCreator } from 'zustand';
import type { ContractError } from '../../../app/contract/errors';
import type { KvCommandResult } from '../../../app/contract/kv-schemas';
import type { KvOperation } from '../../../app/kv/operations';
import type { ConsoleStore } from '../store';

export type OperationOutcome =
  | { status: 'pending' }
  | { status: 'done'; result: KvCommandResult }
  /** The command itself failed (bad input, no cluster): not a KV answer. */
  | { status: 'error'; error: ContractError };

export interface OperationRecord {
  id: number;
  /** The agent it went through. */
  nodeId: string;
  operation: KvOperation<string>;
  outcome: OperationOutcome;
}

export interface WorkloadStatus {
  running: boolean;
  ratePerSecond: number;
  sent: number;
  succeeded: number;
  /** Failures by code (KV codes and contract error codes alike). */
  failed: Record<string, number>;
  lastFailure: string | null;
}

export interface ClientSlice {
  operations: OperationRecord[];
  workload: WorkloadStatus;
}

/** The console keeps this many operations; older ones scroll away. */
export const operationsMax = 200;
export const workloadRateMax = 200;

export const createClientSlice: StateCreator<ConsoleStore, [], [], ClientSlice> = () => ({
  operations: [],
  workload: { running: false, ratePerSecond: 5, sent: 0, succeeded: 0, failed: {}, lastFailure: null },
});
