/**
 * The cluster token on ControlService (and on peer streams): a caller without the right token in
 * call metadata gets UNAUTHENTICATED. Compared in constant time over digests, so neither the token's
 * content nor its length leaks through timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { status, type Metadata } from '@grpc/grpc-js';
import { controlTokenMetadataKey } from '../../../app/proto/control-metadata';

export interface TokenCheck {
  /** Null when the call may go on; otherwise why it may not. */
  refusal(metadata: Metadata): { code: status; details: string } | null;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** With a null token every call passes (a lone developer agent started without --token). */
export function tokenCheck(token: string | null): TokenCheck {
  if (token === null) return { refusal: () => null };
  const expected = digest(token);
  return {
    refusal(metadata) {
      const given = metadata.get(controlTokenMetadataKey)[0];
      if (typeof given !== 'string' || given === '') {
        return { code: status.UNAUTHENTICATED, details: `metadata "${controlTokenMetadataKey}" is missing` };
      }
      if (!timingSafeEqual(digest(given), expected)) {
        return {
          code: status.UNAUTHENTICATED,
          details: `metadata "${controlTokenMetadataKey}" is not this cluster's token`,
        };
      }
      return null;
    },
  };
}
