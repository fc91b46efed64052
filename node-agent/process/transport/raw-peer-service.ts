/**
 * PeerService with bytes in and out. gRPC's own decode would end a stream on the first bad frame with
 * an opaque INTERNAL error; taking raw bytes lets the agent decode through app/proto/codec, count and
 * report each malformed frame by field, and decide itself what ends a stream.
 */
import type { ServiceDefinition } from '@grpc/grpc-js';
import { PeerServiceService } from '../../../app/proto/generated/paxos';

const identity = (bytes: Buffer): Buffer => bytes;

export const rawPeerService = {
  connect: {
    path: PeerServiceService.connect.path,
    requestStream: true,
    responseStream: true,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  },
} satisfies ServiceDefinition;
