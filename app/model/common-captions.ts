/**
 * Captions for the events every protocol emits in the same shape (a reply to a client, a refused
 * input), shared by the console's captions and each protocol's own text so they read alike.
 */

/** A node's answer to a client request: done, or the error code it failed with. */
export function repliedCaption(
  self: string,
  event: { requestId: string; ok: boolean; code?: string },
): string {
  return event.ok
    ? `${self} answers ${event.requestId}: done.`
    : `${self} answers ${event.requestId}: ${event.code ?? 'failed'}.`;
}

/** A node refusing an input that failed validation, naming the field and, for a peer message, the sender. */
export function inputRejectedCaption(
  self: string,
  event: { field: string; reason: string; peer?: string | undefined },
): string {
  return `${self} refuses an input${event.peer ? ` from ${event.peer}` : ''}: ${event.field} ${event.reason}.`;
}
