/** Structural checks on a durable record, for tests, the simulator and storage read-back. */
import { compareBallots } from './ballot';
import { isSlim } from './plog';
import type { AppliedRequest, Instance, KeyRecord } from './types';

function instanceProblem(instance: Instance): string | null {
  const where = `instance ${instance.index}`;
  if (!Number.isInteger(instance.index) || instance.index < 1)
    return `${where}: index must be an integer >= 1`;
  if ((instance.accepted === null) !== (instance.value === null)) {
    return `${where}: an accepted ballot and a value go together`;
  }
  if (instance.accepted && compareBallots(instance.accepted, instance.promised) > 0) {
    return `${where}: accepted ballot is above the promised ballot`;
  }
  if (instance.chosen && instance.value === null) return `${where}: chosen without a value`;
  return instance.value ? windowProblem(where, instance.index, instance.value.requests) : null;
}

/** The dedup window names earlier entries only, oldest first. */
function windowProblem(where: string, index: number, requests: readonly AppliedRequest[]): string | null {
  for (let i = 0; i < requests.length; i++) {
    const applied = requests[i]!;
    if (applied.index >= index)
      return `${where}: its dedup window names entry ${applied.index}, not below it`;
    if (i > 0 && applied.index <= requests[i - 1]!.index) return `${where}: dedup window indexes must ascend`;
  }
  return null;
}

/** Null when the record is well formed, else a sentence saying what is wrong. */
export function checkRecordInvariants(record: KeyRecord): string | null {
  for (let i = 1; i < record.instances.length; i++) {
    if (record.instances[i]!.index <= record.instances[i - 1]!.index) return 'instance indexes must ascend';
  }
  for (const instance of record.instances) {
    const problem = instanceProblem(instance);
    if (problem) return problem;
  }
  if (!isSlim(record.instances)) return 'instances are not in a slim shape';
  for (let i = 1; i < record.recent.length; i++) {
    if (record.recent[i]!.index <= record.recent[i - 1]!.index)
      return 'recent summaries must ascend by index';
  }
  return null;
}
