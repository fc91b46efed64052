/**
 * The locality-adaptive policy: an object should be led from the zone that asks for it most. Every
 * member applies the same chosen slots, so every member counts the same origin zones over the object's
 * last `localityWindow` client commands: the count is replicated state, deterministic, with no clock.
 * A node steals for locality only when its own zone sent most of that window, so two zones can never
 * both want the object for this reason at the same commit point.
 */
import type { ObjectState, Zone } from './types';

/** How many of an object's latest applied requests the policy looks at. */
export const localityWindow = 10;

export function noteOrigin(object: ObjectState, zone: Zone): void {
  object.recentZones.push(zone);
  if (object.recentZones.length > localityWindow) object.recentZones.shift();
}

/** Requests from `zone` among the object's last `localityWindow`. */
export function zoneShare(object: ObjectState, zone: Zone): number {
  return object.recentZones.filter((origin) => origin === zone).length;
}

/** True when `zone` sent most (more than half) of the object's last `localityWindow` requests. */
export function zoneWantsObject(object: ObjectState, zone: Zone): boolean {
  return 2 * zoneShare(object, zone) > localityWindow;
}
