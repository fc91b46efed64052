/** WatchEvents: one watcher of the agent's event stream per call, over a gRPC server stream. */
import type { ServerWritableStream } from '@grpc/grpc-js';
import type { ClusterEventMessage, WatchEventsRequest } from '../../../app/proto/generated/control';
import { clusterEventToWire } from '../../../app/proto/event-codec';
import type { EventStream } from '../events/event-stream';
import type { TokenCheck } from './control-auth';
import { ControlArgumentError, invalidArgument } from './control-errors';

export function watchEventsHandler(check: TokenCheck, events: EventStream) {
  return (call: ServerWritableStream<WatchEventsRequest, ClusterEventMessage>): void => {
    const refusal = check.refusal(call.metadata);
    const fromSeq = call.request.fromSeq;
    if (refusal) {
      call.emit('error', refusal);
      return;
    }
    if (!Number.isSafeInteger(fromSeq) || fromSeq < 0) {
      const limit = fromSeq < 0 ? 0 : Number.MAX_SAFE_INTEGER;
      const reason = `must be an integer from 0 to ${Number.MAX_SAFE_INTEGER}`;
      call.emit('error', invalidArgument(new ControlArgumentError('fromSeq', reason, limit)));
      return;
    }
    // write() returns false once grpc-js buffers more than its high-water mark: the watcher then
    // queues (bounded) until 'drain', so a reader that never reads costs a bounded amount of memory.
    const watcher = events.watch(fromSeq, { write: (event) => call.write(clusterEventToWire(event)) });
    call.on('drain', () => watcher.resume());
    const stop = () => events.unwatch(watcher);
    call.on('cancelled', stop);
    call.on('close', stop);
    call.on('error', stop);
  };
}
