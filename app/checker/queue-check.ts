/**
 * The queue's own check, on top of the per-key linearizability of its segment keys: what the clients
 * saw (pushes, pops and their answers) against the queue read back at the end, after every operation
 * ended. Each element is pushed once (elements are unique in a workload), each item in the final
 * queue carries the tag of the push that added it and, once popped, of the pop that took it, so the
 * final state names who did what, and the clients' answers must agree with it:
 *
 * - none lost: every acknowledged push's element is in the final queue, with that push's tag;
 * - none twice: no two acknowledged pops return one element, no element or pop tag appears twice;
 * - nothing invented: every element popped or present was pushed by a push that may have applied,
 *   and a push that certainly failed left nothing;
 * - a pop answered the element the final queue says it took;
 * - FIFO in real time: a push that returned before another was called sits before it, and so does the
 *   element of a pop that returned before another pop was called;
 * - "empty" only when it could be: not while an element pushed before the pop was called stayed in the
 *   queue until after the pop returned (its taker called later, or none).
 *
 * So pushed = popped ∪ remaining, with no duplicates. A pop whose outcome is unknown may have taken
 * one element: the final queue tells which, by its tag.
 */
import type { QueueItem } from '../kv/structures/queue';
import type { StructureRecord } from '../kv/structures/structure-client';

export function checkQueue(records: readonly StructureRecord[], finalQueue: readonly QueueItem[]): string[] {
  const problems: string[] = [];
  const pushes = records.filter((r) => r.op.kind === 'push');
  const pops = records.filter((r) => r.op.kind === 'pop');
  const pushByTag = new Map(pushes.map((r) => [r.tag, r]));
  const popByTag = new Map(pops.map((r) => [r.tag, r]));
  const position = new Map<string, number>();
  const takenBy = new Map<string, string>();
  const tookElement = new Map<string, string>();

  finalQueue.forEach((item, i) => {
    const push = pushByTag.get(item.in);
    if (position.has(item.value)) problems.push(`duplicate: ${item.value} is in the queue twice`);
    position.set(item.value, i);
    if (!push || push.op.kind !== 'push' || push.op.element !== item.value) {
      problems.push(`invented: item ${i} (${item.value}) was not pushed by the push its tag names`);
    } else if (push.outcome === 'fail') {
      problems.push(`failed push applied: ${push.id} answered failure, but ${item.value} is in the queue`);
    }
    if (item.out === undefined) return;
    const pop = popByTag.get(item.out);
    if (!pop) problems.push(`invented: ${item.value} was taken by a pop nobody made`);
    else if (pop.outcome === 'fail') problems.push(`failed pop applied: ${pop.id} took ${item.value}`);
    const before = tookElement.get(item.out);
    if (before !== undefined) {
      problems.push(`one pop took two: ${pop?.id ?? item.out} took ${before} and ${item.value}`);
    }
    tookElement.set(item.out, item.value);
    takenBy.set(item.value, item.out);
  });

  for (const push of pushes) {
    if (push.outcome !== 'ok' || push.op.kind !== 'push') continue;
    const at = position.get(push.op.element);
    if (at === undefined || finalQueue[at]!.in !== push.tag) {
      problems.push(`lost: ${push.id} pushed ${push.op.element} (acknowledged), not in the queue`);
    }
  }
  const returned = new Map<string, StructureRecord>();
  for (const pop of pops) {
    if (pop.outcome !== 'ok' || typeof pop.answer !== 'string') continue;
    const element = pop.answer;
    const other = returned.get(element);
    if (other) problems.push(`popped twice: ${element} returned by ${other.id} and by ${pop.id}`);
    returned.set(element, pop);
    if (takenBy.get(element) !== pop.tag) {
      problems.push(
        `pop ${pop.id} returned ${element}, but the queue says ${takenBy.has(element) ? 'another pop took it' : 'nobody took it'}`,
      );
    }
  }
  problems.push(...fifoProblems(pushes, pops, position), ...emptyProblems(pops, pushes, position, takenBy));
  return problems;
}

/** Real-time order must agree with queue order, for acknowledged pushes and for acknowledged pops. */
function fifoProblems(
  pushes: readonly StructureRecord[],
  pops: readonly StructureRecord[],
  position: ReadonlyMap<string, number>,
): string[] {
  const placed = (records: readonly StructureRecord[], element: (r: StructureRecord) => unknown) =>
    records.flatMap((r) => {
      const value = element(r);
      const at = typeof value === 'string' ? position.get(value) : undefined;
      return r.outcome === 'ok' && at !== undefined ? [{ r, at, value: value as string }] : [];
    });
  const problems: string[] = [];
  for (const [what, list] of [
    ['pushed', placed(pushes, (r) => (r.op.kind === 'push' ? r.op.element : undefined))],
    ['popped', placed(pops, (r) => r.answer)],
  ] as const) {
    for (const a of list) {
      for (const b of list) {
        if (a.r.returnMs! < b.r.callMs && a.at > b.at) {
          problems.push(
            `not FIFO: ${a.r.id} ${what} ${a.value} before ${b.r.id} ${what} ${b.value} began, but ${a.value} sits after it`,
          );
        }
      }
    }
  }
  return problems;
}

/** An "empty" answer while an element certainly stayed in the queue for the whole pop. */
function emptyProblems(
  pops: readonly StructureRecord[],
  pushes: readonly StructureRecord[],
  position: ReadonlyMap<string, number>,
  takenBy: ReadonlyMap<string, string>,
): string[] {
  const popCall = new Map(pops.map((r) => [r.tag, r.callMs]));
  const problems: string[] = [];
  for (const pop of pops) {
    if (pop.outcome !== 'ok' || pop.answer !== null) continue;
    const present = pushes.find((push) => {
      if (push.outcome !== 'ok' || push.op.kind !== 'push' || push.returnMs! >= pop.callMs) return false;
      if (!position.has(push.op.element)) return false;
      const taker = takenBy.get(push.op.element);
      return taker === undefined || (popCall.get(taker) ?? Infinity) > pop.returnMs!;
    });
    if (present && present.op.kind === 'push') {
      problems.push(
        `empty while not: ${pop.id} answered empty, but ${present.op.element} (pushed by ${present.id}) was in the queue throughout`,
      );
    }
  }
  return problems;
}
