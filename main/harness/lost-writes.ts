/**
 * Acknowledged writes lost: writes that ended ok with a version whose effect no read ever showed and
 * the final state does not contain. Versions only grow, so an ok write of version v is lost when the
 * key's final version (the settle reads) is below v, or when some read saw version v holding a value
 * other than the one written (another write took that version).
 */
import type { HistoryOperation } from '../../app/checker/history';
import { settleClient } from '../../app/contract/checker-vocabulary';

export interface LostWrite {
  operation: HistoryOperation;
  /** Why it counts as lost, in one sentence. */
  reason: string;
}

export function findLostWrites(operations: readonly HistoryOperation[]): LostWrite[] {
  const reads = operations.filter((op) => op.kind === 'get' && op.outcome === 'ok');
  const finalVersion = new Map<string, number>();
  for (const read of reads) {
    if (read.client !== settleClient) continue;
    finalVersion.set(read.key, Math.max(finalVersion.get(read.key) ?? 0, read.result?.version ?? 0));
  }
  const lost: LostWrite[] = [];
  for (const write of operations) {
    if (write.kind === 'get' || write.outcome !== 'ok' || write.result?.version === undefined) continue;
    const version = write.result.version;
    const final = finalVersion.get(write.key);
    if (final !== undefined && final < version) {
      lost.push({ operation: write, reason: `version ${version} acknowledged, final version ${final}` });
      continue;
    }
    const written = write.kind === 'delete' ? null : write.value!;
    const contradicting = reads.find(
      (read) =>
        read.key === write.key && read.result?.version === version && !sameValue(read.result.value, written),
    );
    if (contradicting) {
      lost.push({
        operation: write,
        reason: `read ${contradicting.id} saw version ${version} with another value`,
      });
    }
  }
  return lost;
}

function sameValue(a: Uint8Array | null | undefined, b: Uint8Array | null): boolean {
  if (a === undefined) return true;
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}
