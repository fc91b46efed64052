/**
 * Ballot numbers, partitioned by acceptor id: replica `id` (0-based) of N owns the numbers ≡ id + 1
 * (mod N), so no two replicas ever propose with the same ballot. The lowest band, 1..N, is reserved for
 * pre-authorisation: only the replica whose proposal won entry i may use its number there at entry
 * i + 1, and since no lower ballot exists, it may skip the promise round (reference §2, `Promise`).
 */

/** Whose ballot this is (an acceptor id), for a ballot > 0. */
export function ballotOwner(ballot: number, replicaCount: number): number {
  return (ballot - 1) % replicaCount;
}

/** The pre-authorised ballot of replica `id`: the lowest it has. */
export function preAuthBallot(id: number): number {
  return id + 1;
}

/** True for a ballot in the pre-authorised band (1..N). */
export function isPreAuth(ballot: number, replicaCount: number): boolean {
  return ballot >= 1 && ballot <= replicaCount;
}

/** Replica `id`'s lowest ballot above `seen` and outside the pre-authorised band. */
export function nextBallot(seen: number, id: number, replicaCount: number): number {
  let ballot = Math.ceil(seen / replicaCount) * replicaCount + id + 1;
  if (ballot <= seen) ballot += replicaCount;
  if (isPreAuth(ballot, replicaCount)) ballot += replicaCount;
  return ballot;
}
