/** The core's default limits and timings, as the brief and ARCHITECTURE.md fix them. */
import type { CoreConfig, NodeId, PlacementGroup } from './types';

/** Every chosen value carries this many request ids at most: it bounds the bytes a write adds. */
export const dedupWindowMax = 4096;

/** The largest key any topology may configure; the wire, the console and the event model refuse longer. */
export const keyBytesMax = 65_536;
/** The largest value any topology may configure; the wire and the console refuse larger. */
export const valueBytesMax = 16 * 1024 * 1024;

/** The limits a node runs with when its topology names none. */
export const keyBytesDefault = 1024;
export const valueBytesDefault = 1024 * 1024;
export const dedupWindowDefault = 64;

/** The node's configuration with the project defaults; callers override fields they know better. */
export function defaultCoreConfig(self: NodeId, groups: PlacementGroup[]): CoreConfig {
  return {
    self,
    groups,
    limits: { keyBytesMax: keyBytesDefault, valueBytesMax: valueBytesDefault, pendingRequestsMax: 10_000 },
    timing: {
      roundTimeoutMs: 50,
      requestTimeoutMs: 1000,
      backoffBaseMs: 5,
      backoffMaxMs: 100,
      roundsMax: 5,
      catchUpIntervalMs: 100,
      pendingRetrySoonMs: 500,
      pendingRetryLaterMs: 2000,
      pendingGiveUpMs: 5000,
    },
    fastPath: true,
    recentChosenMax: 16,
    dedupWindow: dedupWindowDefault,
  };
}

/** Refuses a configuration the core cannot run with; called once when a node is created. */
export function checkCoreConfig(config: CoreConfig): void {
  if (config.groups.length === 0) throw new Error('config.groups: at least one placement group is needed');
  config.groups.forEach((group, g) => {
    if (group.members.length !== 6 || new Set(group.members).size !== 6) {
      throw new Error(`config.groups[${g}].members: a group has exactly 6 distinct members`);
    }
  });
  const positive: [string, number][] = [
    ['limits.keyBytesMax', config.limits.keyBytesMax],
    ['limits.valueBytesMax', config.limits.valueBytesMax],
    ['limits.pendingRequestsMax', config.limits.pendingRequestsMax],
    ['timing.roundTimeoutMs', config.timing.roundTimeoutMs],
    ['timing.requestTimeoutMs', config.timing.requestTimeoutMs],
    ['timing.backoffBaseMs', config.timing.backoffBaseMs],
    ['timing.backoffMaxMs', config.timing.backoffMaxMs],
    ['timing.roundsMax', config.timing.roundsMax],
    ['timing.catchUpIntervalMs', config.timing.catchUpIntervalMs],
    ['timing.pendingRetrySoonMs', config.timing.pendingRetrySoonMs],
    ['timing.pendingRetryLaterMs', config.timing.pendingRetryLaterMs],
    ['timing.pendingGiveUpMs', config.timing.pendingGiveUpMs],
    ['recentChosenMax', config.recentChosenMax],
    ['dedupWindow', config.dedupWindow],
  ];
  for (const [field, value] of positive) {
    if (!Number.isFinite(value) || value <= 0) throw new Error(`config.${field}: must be a positive number`);
  }
  if (!Number.isInteger(config.dedupWindow) || config.dedupWindow > dedupWindowMax) {
    throw new Error(`config.dedupWindow: must be a whole number from 1 to ${dedupWindowMax}`);
  }
}
