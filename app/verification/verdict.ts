/**
 * Who is wrong when a key's replicas disagree, and what this replica repairs. Two rules decide
 * (docs/data-verification.md):
 *
 * 1. A copy that does not decode (the record codec refuses it) is wrong, by itself.
 * 2. Otherwise copies are compared only at the same chosen index (a replica behind is not wrong, it
 *    catches up), and a majority of the key's three replicas decides: two equal checksums outvote the
 *    third. One against one, or three different, decides nothing: the verifier reports it and asks
 *    again on its next pass, and nothing is rewritten.
 *
 * A replica only ever repairs its own copy, and only to the value two other replicas store: a corrupt
 * copy is replaced by the quorum's, never the other way round. The repair itself is the core's
 * relearn input (app/paxos/relearn.ts): catch-up from a quorum, in the running core and on disk.
 */
import type { NodeId } from '../paxos/types';
import type { KeyChecksum } from './checksum';

/** One replica's stored copy of a key, as its verifier read it from disk. */
export type StoredCopy =
  | ({ node: NodeId; kind: 'checksum' } & KeyChecksum)
  /** The record is on disk but does not decode: `reason` is the codec's. */
  | { node: NodeId; kind: 'unreadable'; reason: string }
  /** No record on disk (a replica that never heard of the key, or whose first write is in flight). */
  | { node: NodeId; kind: 'absent' }
  /** The replica did not answer the comparison. */
  | { node: NodeId; kind: 'unreachable'; reason: string };

export type Verdict =
  /** At least one other replica at the same chosen index has the same checksum, and none differs. */
  | { kind: 'agree'; index: number }
  /** No other copy to compare with yet (replicas at other indexes, absent or unreachable). */
  | { kind: 'notComparable' }
  | {
      kind: 'divergent';
      index: number;
      /** The replicas whose copies are wrong. */
      wrong: NodeId[];
      /** The checksum the majority stores at `index`. */
      majority: KeyChecksum;
    }
  /** Copies differ and no majority says which is right. */
  | { kind: 'undecided'; index: number; digests: Record<NodeId, string> };

/** Compares `self`'s copy of a key with its other replicas' (`copies` holds all three, self's too). */
export function judge(self: NodeId, copies: readonly StoredCopy[]): Verdict {
  const own = copies.find((copy) => copy.node === self);
  const others = copies.filter((copy) => copy.node !== self);
  const unreadable = others.filter((copy) => copy.kind === 'unreadable').map((copy) => copy.node);
  if (own?.kind === 'unreadable') return judgeUnreadableSelf(self, others);
  if (own?.kind !== 'checksum') return { kind: 'notComparable' };
  const sameIndex = others.filter(
    (copy): copy is Extract<StoredCopy, { kind: 'checksum' }> =>
      copy.kind === 'checksum' && copy.index === own.index,
  );
  const agreeing = sameIndex.filter((copy) => copy.digest === own.digest);
  const differing = sameIndex.filter((copy) => copy.digest !== own.digest);
  const majority = { index: own.index, digest: own.digest };
  if (differing.length === 0) {
    if (unreadable.length > 0) return { kind: 'divergent', index: own.index, wrong: unreadable, majority };
    return agreeing.length > 0 ? { kind: 'agree', index: own.index } : { kind: 'notComparable' };
  }
  if (agreeing.length > 0) {
    const wrong = [...differing.map((copy) => copy.node), ...unreadable];
    return { kind: 'divergent', index: own.index, wrong, majority };
  }
  const [first, second] = differing;
  if (first && second && first.digest === second.digest) {
    return {
      kind: 'divergent',
      index: own.index,
      wrong: [self],
      majority: { index: own.index, digest: first.digest },
    };
  }
  const digests: Record<NodeId, string> = { [self]: own.digest };
  for (const copy of differing) digests[copy.node] = copy.digest;
  return { kind: 'undecided', index: own.index, digests };
}

/** Own copy does not decode: wrong by rule 1; the majority value is the one both others store. */
function judgeUnreadableSelf(self: NodeId, others: readonly StoredCopy[]): Verdict {
  const [first, second] = others;
  if (first?.kind === 'checksum' && second?.kind === 'checksum') {
    if (first.index === second.index && first.digest === second.digest) {
      const majority = { index: first.index, digest: first.digest };
      return { kind: 'divergent', index: first.index, wrong: [self], majority };
    }
  }
  return { kind: 'undecided', index: 0, digests: {} };
}

/**
 * Whether a copy read back after a repair holds the majority's entry: the same checksum at the same
 * index, or a newer chosen entry (the key was written again since, which only a correct replica learns).
 */
export function holdsMajority(copy: StoredCopy, majority: KeyChecksum): boolean {
  if (copy.kind !== 'checksum') return false;
  return copy.index > majority.index || (copy.index === majority.index && copy.digest === majority.digest);
}
