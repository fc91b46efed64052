/**
 * Each node's answer to inspectKey for one key, read now and again every `everyMs` while the caller
 * shows it: a lens drawing a protocol's own records reads them from the agents rather than guessing
 * them from events. A node that cannot answer (killed, paused, cut off) is null; not yet read, undefined.
 */
import { useEffect, useState } from 'react';
import type { PlogView } from '../../../app/contract/plog-view';
import { useConsole } from '../use-console';

export function useInspectedViews(
  key: string,
  nodeIds: readonly string[],
  everyMs: number,
): (PlogView | null | undefined)[] {
  const { client } = useConsole();
  const [views, setViews] = useState<(PlogView | null)[]>([]);
  useEffect(() => {
    let live = true;
    const read = () =>
      void Promise.all(
        nodeIds.map((nodeId) => client.call('inspectKey', { nodeId, key }).catch(() => null)),
      ).then((answers) => live && setViews(answers));
    read();
    const timer = setInterval(read, everyMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [client, key, nodeIds, everyMs]);
  return nodeIds.map((_, i) => views[i]);
}
