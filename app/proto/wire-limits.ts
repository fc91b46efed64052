/**
 * Upper bounds a decoded wire message must respect. They guard the agent against a malformed or hostile
 * peer before the core sees anything; the core applies its own, usually tighter, configured limits.
 */

/** Message, read and request ids; matches the event model's message id bound. */
export const idCharsMax = 128;

/** The largest key and value the topology schema lets a cluster configure (its keyBytesMax, valueBytesMax). */
export { keyBytesMax, valueBytesMax } from '../paxos/config';

/** Roles are 1..3 in PaxosKV; ballots share the event model's bound so other protocols fit. */
export const roleMax = 255;

/** Keys one key-scan page may ask for or return. */
export const keyScanLimitMax = 10_000;

/** Messages one PeerFrame may carry. */
export const frameMessagesMax = 10_000;

/** Request ids one entry value's dedup window may carry (the core's dedupWindowMax). */
export { dedupWindowMax as appliedRequestsMax } from '../paxos/config';
