/** gRPC channel and server settings shared by every agent-side and client-side connection. */
import type { ChannelOptions } from '@grpc/grpc-js';

/** Above the largest value a topology may allow (16 MiB) plus framing, so limits are ours to report. */
export const messageBytesMax = 64 * 1024 * 1024;

/**
 * grpc-js keeps channelz statistics (counters, timestamps, traces per call and per socket) unless told
 * not to; nothing here reads them, and at a few thousand calls and stream messages a second they cost
 * CPU the agents share with each other.
 */
const withoutChannelz: ChannelOptions = { 'grpc.enable_channelz': 0 };

/**
 * On loopback a refused connection is news within a millisecond, so retry quickly: grpc-js's default
 * first backoff of one second would make every restart look like a one-second outage. A call made
 * while the channel waits out its backoff fails at once with UNAVAILABLE unless it asks to wait for
 * ready (callUnary's waitForReady), which a caller that just restarted an agent should do.
 */
export const channelOptions: ChannelOptions = {
  ...withoutChannelz,
  'grpc.initial_reconnect_backoff_ms': 50,
  'grpc.max_reconnect_backoff_ms': 250,
  'grpc.max_receive_message_length': messageBytesMax,
  'grpc.max_send_message_length': messageBytesMax,
  'grpc.keepalive_time_ms': 10_000,
  'grpc.keepalive_timeout_ms': 5_000,
};

export const serverOptions: ChannelOptions = {
  ...withoutChannelz,
  'grpc.max_receive_message_length': messageBytesMax,
  'grpc.max_send_message_length': messageBytesMax,
};
