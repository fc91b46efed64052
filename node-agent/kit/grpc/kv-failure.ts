/**
 * The grpc-js side of KvService's error mapping. The table itself (core code → status code, metadata
 * keys, reply paths) lives in app/proto/kv-status.ts; this file turns it into grpc-js objects and reads
 * it back out of a failed call on the client side.
 */
import { Metadata, type ServiceError, type status, type StatusObject } from '@grpc/grpc-js';
import type { ClientErrorCode, FailedReply } from '../../../app/kv/operations';
import { kvErrorMetadataKey, kvErrorStatus } from '../../../app/proto/kv-status';

/** The status a failed reply is sent as. */
export function statusOfReply(reply: FailedReply): Partial<StatusObject> {
  const wire = kvErrorStatus(reply);
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(wire.metadata)) metadata.set(key, value);
  return { code: wire.code, details: wire.details, metadata };
}

/** What a client learns from a failed call: the core's code when an agent sent one, else gRPC's. */
export interface KvFailure {
  grpcCode: status;
  /** The core's error code, or undefined when the failure came from gRPC itself (down, deadline). */
  coreCode: ClientErrorCode | undefined;
  message: string;
  field: string | undefined;
  definite: boolean | undefined;
  currentVersion: number | undefined;
  /** For NOT_REPLICA: the nodes that hold the key. */
  replicas: string[] | undefined;
}

export function kvFailureOf(error: ServiceError): KvFailure {
  const read = (key: string) => {
    const value = error.metadata?.get(key)[0];
    return value === undefined ? undefined : String(value);
  };
  const definite = read(kvErrorMetadataKey.definite);
  const currentVersion = read(kvErrorMetadataKey.currentVersion);
  const replicas = read(kvErrorMetadataKey.replicas);
  return {
    grpcCode: error.code,
    coreCode: read(kvErrorMetadataKey.code) as ClientErrorCode | undefined,
    // grpc-js ends a refused connection's text with an empty "Resolution note:"; drop it.
    message: (error.details || error.message).replace(/\s*Resolution note:\s*$/, ''),
    field: read(kvErrorMetadataKey.field),
    definite: definite === undefined ? undefined : definite === 'true',
    currentVersion: currentVersion === undefined ? undefined : Number(currentVersion),
    replicas: replicas?.split(',').filter(Boolean),
  };
}

export function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as Partial<ServiceError>).code === 'number';
}
