/**
 * The set's own check: for each member, the adds, removes and contains that clients saw must fit one
 * order consistent with real time (linearizability is local, so members are judged one by one). The
 * model is one bit, present or not: add answers "added" and sets it when absent, "already-member"
 * when present; remove answers "removed" and clears it when present, "not-member" when absent;
 * contains answers the bit. An operation with an unknown outcome may take effect at any moment after
 * its call, or never; one that certainly failed is left out. A search in the style of Wing and Gong
 * with a cache of (operations placed, bit) seen, which is small for the few operations a member gets.
 */
import type { StructureRecord } from '../kv/structures/structure-client';

interface MemberOp {
  record: StructureRecord;
  callMs: number;
  returnMs: number;
  /** Unknown outcome: may be placed anywhere after its call, or left out. */
  optional: boolean;
}

/** The bit after `op` and whether its answer fits `present` (an unknown op's answer is not known). */
function apply(op: MemberOp, present: boolean): { fits: boolean; present: boolean } {
  const { op: action, answer } = op.record;
  const any = op.optional;
  switch (action.kind) {
    case 'add':
      return { fits: any || answer === (present ? 'already-member' : 'added'), present: true };
    case 'remove':
      return { fits: any || answer === (present ? 'removed' : 'not-member'), present: false };
    case 'contains':
      return { fits: any || answer === present, present };
    default:
      throw new Error(`set check: ${op.record.id} is not a set operation`);
  }
}

/** True when the member's operations fit one real-time order, starting from absent. */
function linearizable(ops: readonly MemberOp[]): boolean {
  const seen = new Set<string>();
  const placed = ops.map(() => false);
  const search = (present: boolean, left: number): boolean => {
    if (left === 0) return true;
    const key = `${placed.map((p) => (p ? 1 : 0)).join('')}${present ? 1 : 0}`;
    if (seen.has(key)) return false;
    seen.add(key);
    // Any operation called before the earliest return of those not yet placed may go next.
    const horizon = Math.min(...ops.filter((op, i) => !placed[i] && !op.optional).map((op) => op.returnMs));
    for (const [i, op] of ops.entries()) {
      if (placed[i] || op.callMs > horizon) continue;
      const after = apply(op, present);
      if (!after.fits) continue;
      placed[i] = true;
      const done = search(after.present, left - (op.optional ? 0 : 1));
      placed[i] = false;
      if (done) return true;
    }
    return false;
  };
  return search(false, ops.filter((op) => !op.optional).length);
}

export function checkSet(records: readonly StructureRecord[]): string[] {
  const byMember = new Map<string, MemberOp[]>();
  for (const record of records) {
    const { op } = record;
    if (op.kind !== 'add' && op.kind !== 'remove' && op.kind !== 'contains') continue;
    if (record.outcome === 'fail') continue;
    const optional = record.outcome === 'unknown';
    const memberOp = { record, callMs: record.callMs, returnMs: record.returnMs ?? Infinity, optional };
    const key = `${op.set}\u0000${op.member}`;
    byMember.set(key, [...(byMember.get(key) ?? []), memberOp]);
  }
  const problems: string[] = [];
  for (const ops of byMember.values()) {
    if (linearizable(ops)) continue;
    const { op } = ops[0]!.record;
    const story = ops
      .map(
        ({ record }) =>
          `${record.id} ${record.op.kind} [${record.callMs}, ${record.returnMs ?? '?'}] → ${record.outcome === 'ok' ? String(record.answer) : record.outcome}`,
      )
      .join('; ');
    problems.push(
      `set membership: ${op.kind === 'push' || op.kind === 'pop' ? '' : op.member} fits no order: ${story}`,
    );
  }
  return problems;
}
