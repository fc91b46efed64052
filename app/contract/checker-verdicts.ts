/**
 * A checker result in the contract's words: main's final check and the renderer's live worker both
 * describe each key this way, so the panel shows either without knowing which it got.
 */
import type { KeyCheckResult } from '../checker/check-result';
import type { CheckerKeyVerdict } from './checker-run';

export function keyVerdictOf(result: KeyCheckResult): CheckerKeyVerdict {
  return {
    key: result.key,
    verdict: result.verdict,
    blockedOperationId: result.unplaced?.blockedOperationId ?? null,
    concurrentOperationIds: result.unplaced?.concurrentOperationIds ?? [],
    reason: result.reason ?? null,
    linearizedCount: result.linearizedPrefix.length,
  };
}
