/**
 * Pairs client requests with the core's replies. A request goes into the loop as a `client` input; its
 * reply comes back, possibly many steps later, in some Ready's `replies`, matched by request id.
 */
import type { ClientReply, ClientRequest } from '../../../app/paxos/types';
import type { AnyInput } from '../../../app/protocol/registry';

type Resolve = (reply: ClientReply) => void;

export class ClientRequests {
  /** Waiters by request id, oldest first (a client may retry an id while the first try still waits). */
  private readonly waiting = new Map<string, Resolve[]>();

  constructor(private readonly submit: (input: AnyInput) => boolean) {}

  get pendingCount(): number {
    return this.waiting.size;
  }

  /** Hands the request to the core and resolves with its reply. */
  request(request: ClientRequest): Promise<ClientReply> {
    return new Promise((resolve) => {
      const waiters = this.waiting.get(request.requestId);
      if (waiters) waiters.push(resolve);
      else this.waiting.set(request.requestId, [resolve]);
      if (!this.submit({ kind: 'client', request })) {
        this.take(request.requestId);
        resolve(shuttingDown(request.requestId, true));
      }
    });
  }

  /** Delivers the replies of one released Ready. */
  deliver(replies: readonly ClientReply[]): void {
    for (const reply of replies) this.take(reply.requestId)?.(reply);
  }

  /** Answers everything still waiting, for shutdown. */
  failAll(): void {
    for (const [requestId, waiters] of this.waiting)
      waiters.forEach((resolve) => resolve(shuttingDown(requestId, false)));
    this.waiting.clear();
  }

  private take(requestId: string): Resolve | undefined {
    const waiters = this.waiting.get(requestId);
    const first = waiters?.shift();
    if (waiters?.length === 0) this.waiting.delete(requestId);
    return first;
  }
}

/** `definite` is true when the request never reached the core, false when it may still be chosen. */
function shuttingDown(requestId: string, definite: boolean): ClientReply {
  return { requestId, ok: false, code: 'BUSY', message: 'the agent is shutting down', definite };
}
