/**
 * Reads a key's PLog record from each of its replicas (inspectKey) and feeds the records into the
 * observed state, where they correct whatever the events suggested. A replica that cannot answer
 * (killed, paused, cut off from the console) is simply left as the events showed it.
 */
import type { PlogView } from '../../app/contract/plog-view';
import type { InspectedPLog } from '../store/ingest-inspected';
import { applyInputs } from '../store/connect-store';
import type { ConsoleHandle } from './console-handle';

export async function inspectKey(
  consoleHandle: ConsoleHandle,
  key: string,
  replicas: readonly string[],
): Promise<void> {
  const views = await Promise.all(
    replicas.map((nodeId) => consoleHandle.client.call('inspectKey', { nodeId, key }).catch(() => null)),
  );
  const inputs = views.filter((view): view is PlogView => view !== null).map(toInspected);
  if (inputs.length > 0) applyInputs(consoleHandle.store, inputs);
}

export function toInspected(view: PlogView): InspectedPLog {
  return {
    type: 'plogInspected',
    nodeId: view.nodeId,
    key: view.key,
    instances: view.instances.map((instance) => ({
      index: instance.index,
      promised: instance.promised,
      accepted: instance.accepted,
      chosen: instance.chosen,
      value: instance.value && {
        requestId: instance.value.requestId,
        version: instance.value.version,
        deleted: instance.value.deleted,
        text:
          instance.value.valueEncoding === 'utf8'
            ? instance.value.value
            : `(binary, base64 ${instance.value.value})`,
      },
    })),
  };
}
