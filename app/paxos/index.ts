/** The PaxosKV core's public API; everything else in app/paxos is internal. */
export { compareBallots, formatBallot } from './ballot';
export { defaultCoreConfig } from './config';
export { checkRecordInvariants } from './invariants';
export { createNodeState, step, zeroNodeCounters, type NodeOptions } from './node';
export { placeKey, roleOf, type Placement } from './placement';
export { headerOf } from './plog';
export { quorumOutcome, type QuorumOutcome } from './quorum';
export type * from './types';
