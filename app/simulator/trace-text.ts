/**
 * How the simulator writes what every protocol shares as text: client operations and replies. A
 * protocol's own facts (messages, events, records) are written by its protocolText (app/protocol).
 * One stable, readable form, because golden scenarios and replay checks compare it line by line.
 */
import type { ClientReply, KvOperation } from '../kv/operations';
import { formatBytes } from '../util/byte-text';

export function formatOperation(operation: KvOperation): string {
  switch (operation.kind) {
    case 'get':
      return `get ${operation.key}`;
    case 'put':
      return `put ${operation.key} ${formatBytes(operation.value)}`;
    case 'delete':
      return `delete ${operation.key}`;
    case 'cas':
      return `cas ${operation.key} ${operation.expectedVersion} ${formatBytes(operation.value)}`;
  }
}

/** A reply; `read` adds the value read (none when the key is absent). */
export function formatReply(reply: ClientReply, read: boolean): string {
  if (!reply.ok) {
    const found = reply.currentVersion === undefined ? '' : ` found=${reply.currentVersion}`;
    return `${reply.requestId} ${reply.code}${found}${reply.definite ? '' : ' maybe'} (${reply.message})`;
  }
  const value = !read ? '' : ` value=${reply.value === null ? 'none' : formatBytes(reply.value)}`;
  return `${reply.requestId} ok version=${reply.version} index=${reply.index} ${reply.path}${value}`;
}
