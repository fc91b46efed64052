/**
 * What a waiting request's answer is once the state machine applied a client command with its id. The
 * log-based cores that reuse multi-Paxos's state machine (wpaxos, certain) answer with it too.
 */
import type { ClientReply, ClientRequest, KvOperation, ReplyPath } from '../kv/operations';
import { dedupReply } from '../protocol/client-admission';
import type { ApplyResult } from './types';

/**
 * A read is answered only by its own attempt's slot: an older slot of the same id could be stale. A
 * write is settled by any attempt that took effect; a conflict or an indeterminate outcome only by its
 * own attempt, since another attempt may yet apply. `ownPath` is how its own attempt went.
 */
export function replyForApplied(
  waiting: { request: ClientRequest; attempt: string },
  command: { attempt: string; operation: KvOperation },
  index: number,
  ownPath: ReplyPath,
  result: ApplyResult,
): ClientReply | null {
  const { requestId, operation } = waiting.request;
  const own = waiting.attempt === command.attempt;
  if ((operation.kind === 'get') !== (command.operation.kind === 'get')) return null;
  switch (result.kind) {
    case 'read':
      if (!own) return null;
      return { requestId, ok: true, version: result.version, value: result.value, index, path: ownPath };
    case 'written':
      return {
        requestId,
        ok: true,
        version: result.version,
        value: null,
        index,
        path: own ? ownPath : 'dedup',
      };
    case 'dedup':
      return dedupReply(requestId, result.applied);
    case 'conflict': {
      if (!own || operation.kind !== 'cas') return null;
      const { currentVersion } = result;
      const message = `expected version ${operation.expectedVersion}, the key is at ${currentVersion}`;
      const definite = currentVersion > operation.expectedVersion;
      return { requestId, ok: false, code: 'VERSION_CONFLICT', message, currentVersion, definite };
    }
    case 'indeterminate': {
      if (!own) return null;
      const message = 'the key moved more than the dedup window past this request; retried too late';
      return { requestId, ok: false, code: 'INDETERMINATE', message, definite: false };
    }
    case 'noop':
      return null;
  }
}
