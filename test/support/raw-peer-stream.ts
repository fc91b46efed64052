/** A PeerService stream that writes whatever bytes a test gives it, to feed agents malformed frames. */
import { Client, credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { controlTokenMetadataKey } from '../../app/proto/control-metadata';
import { rawPeerService } from '../../node-agent/process/transport/raw-peer-service';

export interface RawPeerStream {
  write(bytes: Uint8Array): void;
  /** Resolves with how the agent ended the stream (code 0 = OK). */
  ended: Promise<{ code: number; details: string }>;
  close(): void;
}

/** A stream to `address`, carrying the cluster `token` as a peer's would (none: the agent refuses it). */
export function openRawPeerStream(address: string, token?: string): RawPeerStream {
  const client = new Client(address, credentials.createInsecure());
  const { path, requestSerialize, responseDeserialize } = rawPeerService.connect;
  const metadata = new Metadata();
  if (token !== undefined) metadata.set(controlTokenMetadataKey, token);
  const stream = client.makeBidiStreamRequest(path, requestSerialize, responseDeserialize, metadata);
  stream.on('data', () => undefined);
  const ended = new Promise<{ code: number; details: string }>((resolve) => {
    stream.on('error', (error: ServiceError) => resolve({ code: error.code, details: error.details }));
    stream.on('status', (status: { code: number; details: string }) => resolve(status));
  });
  return {
    write: (bytes) => stream.write(Buffer.from(bytes)),
    ended,
    close: () => {
      stream.cancel();
      client.close();
    },
  };
}
