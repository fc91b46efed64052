/** Promise form of a generated grpc-js unary method, with a deadline on every call. */
import { Metadata, type CallOptions, type ClientUnaryCall, type ServiceError } from '@grpc/grpc-js';

type UnaryMethod<Request, Response> = (
  request: Request,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Response) => void,
) => ClientUnaryCall;

export interface UnaryCallOptions {
  timeoutMs: number;
  metadata?: Metadata;
  /** Wait for the channel to connect instead of failing at once when the server is not up yet. */
  waitForReady?: boolean;
  /** Cancels the call (status CANCELLED) when aborted: a time limit the caller keeps itself. */
  signal?: AbortSignal;
}

export function callUnary<Request, Response>(
  method: UnaryMethod<Request, Response>,
  request: Request,
  options: UnaryCallOptions,
): Promise<Response> {
  const metadata = options.metadata ?? new Metadata();
  if (options.waitForReady) metadata.setOptions({ waitForReady: true });
  return new Promise((resolve, reject) => {
    const call = method(request, metadata, { deadline: Date.now() + options.timeoutMs }, (error, response) =>
      error ? reject(error) : resolve(response),
    );
    options.signal?.addEventListener('abort', () => call.cancel(), { once: true });
  });
}
