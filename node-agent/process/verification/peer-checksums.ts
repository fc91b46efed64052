/** A client of one peer's VerificationService, with the cluster token on every call. */
import { credentials, Metadata } from '@grpc/grpc-js';
import type { NodeId } from '../../../app/paxos/types';
import { controlTokenMetadataKey } from '../../../app/proto/control-metadata';
import { VerificationServiceClient } from '../../../app/proto/generated/verification';
import type { KeyRange } from '../../../app/verification/ranges';
import type { StoredCopy } from '../../../app/verification/verdict';
import { channelOptions } from '../../kit/grpc/channel-options';
import { callUnary } from '../../kit/grpc/unary-call';
import { storedCopyFromWire } from './stored-copy';

export class PeerChecksums {
  private readonly client: VerificationServiceClient;

  constructor(
    readonly node: NodeId,
    address: string,
    private readonly token: string | null,
    private readonly timeoutMs: number,
  ) {
    this.client = new VerificationServiceClient(address, credentials.createInsecure(), channelOptions);
  }

  private metadata(): Metadata {
    const metadata = new Metadata();
    if (this.token !== null) metadata.set(controlTokenMetadataKey, this.token);
    return metadata;
  }

  /**
   * The peer's digest of each range (ranges.ts), in order; '' for a range it could not sum, and null
   * when the call failed (the caller then compares key by key, which reports the peer unreachable).
   */
  async compareRanges(from: NodeId, ranges: KeyRange[]): Promise<string[] | null> {
    try {
      const answer = await callUnary(
        this.client.compareRanges.bind(this.client),
        { from, ranges },
        { timeoutMs: this.timeoutMs, metadata: this.metadata() },
      );
      if (answer.ranges.length !== ranges.length) return null;
      return answer.ranges.map((range) => (/^[0-9a-f]{16}$/.test(range.digest) ? range.digest : ''));
    } catch {
      return null;
    }
  }

  /** The peer's stored copies of `keys`, by key; every key unreachable when the call fails. */
  async compare(from: NodeId, keys: string[]): Promise<Map<string, StoredCopy>> {
    const metadata = this.metadata();
    const copies = new Map<string, StoredCopy>();
    try {
      const answer = await callUnary(
        this.client.compareKeys.bind(this.client),
        { from, keys },
        { timeoutMs: this.timeoutMs, metadata },
      );
      for (const wire of answer.keys) {
        if (keys.includes(wire.key)) copies.set(wire.key, storedCopyFromWire(this.node, wire));
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      for (const key of keys) copies.set(key, { node: this.node, kind: 'unreachable', reason });
    }
    return copies;
  }

  close(): void {
    this.client.close();
  }
}
