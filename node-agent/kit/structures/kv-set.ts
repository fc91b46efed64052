/**
 * A set of text members (app/kv/structures/set.ts) through the store: add and remove are one
 * compare-and-set of the member's bucket, contains one read of it, members a read of all 16 buckets.
 */
import {
  bucketContains,
  bucketOf,
  checkMember,
  decodeBucket,
  evaluateAdd,
  evaluateRemove,
  mergeMembers,
  setBucketCount,
  type AddResult,
  type RemoveResult,
} from '../../../app/kv/structures/set';
import { checkName, setBucketKey } from '../../../app/kv/structures/structure-keys';
import type { StructureLimits } from '../../../app/kv/structures/structure-value';
import { OperationRun, type OperationOptions, type StructureOutcome } from './cas-loop';
import type { KvPort } from './kv-port';

export class KvSet {
  constructor(
    private readonly port: KvPort,
    readonly name: string,
    private readonly limits: StructureLimits,
  ) {
    checkName('set', name, limits.keyBytesMax);
  }

  async add(member: string, options: OperationOptions = {}): Promise<StructureOutcome<AddResult>> {
    checkMember(member, this.limits.valueBytesMax);
    const run = new OperationRun(this.port, options);
    const key = setBucketKey(this.name, bucketOf(member));
    const { answer } = await run.update(key, (state) =>
      evaluateAdd(key, state, member, run.tag, this.limits.valueBytesMax),
    );
    return { result: answer, run };
  }

  async remove(member: string, options: OperationOptions = {}): Promise<StructureOutcome<RemoveResult>> {
    checkMember(member, this.limits.valueBytesMax);
    const run = new OperationRun(this.port, options);
    const key = setBucketKey(this.name, bucketOf(member));
    const { answer } = await run.update(key, (state) => evaluateRemove(key, state, member, run.tag));
    return { result: answer, run };
  }

  async contains(member: string, options: OperationOptions = {}): Promise<StructureOutcome<boolean>> {
    checkMember(member, this.limits.valueBytesMax);
    const run = new OperationRun(this.port, options);
    const key = setBucketKey(this.name, bucketOf(member));
    return { result: bucketContains(key, await run.read(key), member), run };
  }

  /** Every member, sorted; the buckets are read in parallel, each linearizably, not as one snapshot. */
  async members(options: OperationOptions = {}): Promise<StructureOutcome<string[]>> {
    const run = new OperationRun(this.port, options);
    const buckets = await Promise.all(
      Array.from({ length: setBucketCount }, async (_, bucket) => {
        const key = setBucketKey(this.name, bucket);
        return decodeBucket(key, bucket, (await run.read(key)).value);
      }),
    );
    return { result: mergeMembers(buckets), run };
  }
}
