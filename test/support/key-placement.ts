/** Keys picked by where placement puts them, so a test can name the replicas or non-replicas it needs. */
import type { ClusterKvClient } from '../../node-agent/kit/client/kv-client';

/** How many candidate names to try: each role order turns up within a few dozen. */
const candidatesMax = 10_000;

/** The first key `<prefix>-<i>` whose replicas, in role order A, B, C, satisfy `fits`. */
export function keyWhere(
  kv: Pick<ClusterKvClient, 'replicasOf'>,
  prefix: string,
  fits: (replicas: readonly string[]) => boolean,
): string {
  for (let i = 0; i < candidatesMax; i += 1) {
    const key = `${prefix}-${i}`;
    if (fits(kv.replicasOf(key))) return key;
  }
  throw new Error(`no key ${prefix}-0…${candidatesMax - 1} is placed as asked`);
}
