/**
 * Runs a get, put, delete or cas through a chosen agent and records it, pending first and then with
 * its result (a KV answer, successful or not) or the contract error.
 */
import { ContractFailure } from '../../app/contract/errors';
import type { KvCommandResult } from '../../app/contract/kv-schemas';
import type { KvOperation } from '../../app/kv/operations';
import { operationsMax, type OperationOutcome, type OperationRecord } from '../store/slices/client-slice';
import type { ConsoleHandle } from './console-handle';

let nextOperationId = 1;

export async function runOperation(
  consoleHandle: ConsoleHandle,
  nodeId: string,
  operation: KvOperation<string>,
): Promise<OperationOutcome> {
  const record: OperationRecord = {
    id: nextOperationId++,
    nodeId,
    operation,
    outcome: { status: 'pending' },
  };
  const { store } = consoleHandle;
  store.setState((state) => ({ operations: [record, ...state.operations].slice(0, operationsMax) }));
  const outcome = await callKv(consoleHandle, nodeId, operation).then(
    (result): OperationOutcome => ({ status: 'done', result }),
    (error: unknown): OperationOutcome => {
      if (error instanceof ContractFailure) return { status: 'error', error: error.error };
      return { status: 'error', error: { code: 'INTERNAL', field: '(client)', message: String(error) } };
    },
  );
  store.setState((state) => ({
    operations: state.operations.map((each) => (each.id === record.id ? { ...each, outcome } : each)),
  }));
  return outcome;
}

export function callKv(
  { client }: ConsoleHandle,
  nodeId: string,
  operation: KvOperation<string>,
): Promise<KvCommandResult> {
  return client.call('kv', { nodeId, operation });
}
