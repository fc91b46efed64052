/**
 * The read/write/CAS/delete mix of a workload: weights per operation kind, and a seeded pick of the
 * next operation. CAS expects the version the client last saw on the key, so many of them succeed.
 */
import type { KvOperationKind } from '../../app/kv/operations';
import { nextFloat, type PrngState } from '../../app/util/prng';

export type OperationMix = Record<KvOperationKind, number>;

/** Reads dominate, as in the store's intended use; every kind appears. */
export const defaultOperationMix: OperationMix = { get: 0.5, put: 0.25, cas: 0.2, delete: 0.05 };

/** The order the seeded pick walks the weights in (fixed: it decides which kind a draw lands on). */
const kinds: readonly KvOperationKind[] = ['get', 'put', 'cas', 'delete'];

export function validateOperationMix(mix: OperationMix): OperationMix {
  for (const kind of kinds) {
    const weight = mix[kind];
    if (!Number.isFinite(weight) || weight < 0) {
      throw new RangeError(`mix.${kind} must be a number ≥ 0, got ${weight}`);
    }
  }
  if (kinds.every((kind) => mix[kind] === 0)) throw new RangeError('mix: at least one weight must be > 0');
  return mix;
}

export function pickOperationKind(mix: OperationMix, prng: PrngState): KvOperationKind {
  const total = kinds.reduce((sum, kind) => sum + mix[kind], 0);
  let target = nextFloat(prng) * total;
  for (const kind of kinds) {
    target -= mix[kind];
    if (target < 0 && mix[kind] > 0) return kind;
  }
  return kinds.findLast((kind) => mix[kind] > 0)!;
}
