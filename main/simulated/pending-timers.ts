/**
 * The timers a person may fire in the simulation panel, for every protocol. A timer is the moment a
 * node next acts on its own, with no message arriving: its round or election timeout, a resend, a
 * heartbeat, the end of a backoff. Each protocol keeps those deadlines in its own state, so rather than
 * read every core's fields, this asks the core itself: stepping a tick at a later time on a copy of
 * the present state (and throwing it away) says whether the node would act by then, and what it would
 * do. A deadline that has passed stays passed, so the earliest such tick can be searched for.
 * PaxosKV's proposers name theirs (round timeout, backoff ends) from its state.
 */
import type { PendingTimer } from '../../app/contract/simulation-commands';
import type { NodeId } from '../../app/paxos/types';
import { isPaused } from '../../app/model/fault-model';
import type { AnyNodeState } from '../../app/protocol/registry';
import type { Simulation } from '../../app/simulator/simulation';

/** How far ahead a node's own next action is looked for, simulated ms. */
export const timerHorizonMs = 60_000;

/**
 * Every running node's next own action, soonest first, then the next tick of the cluster. Probing costs
 * a copy of each core per try (tens of ms on 24 nodes), so it is done only when `probe` is set (the
 * panel sets it while paused, when a person can click a timer); PaxosKV's are always listed.
 */
export function pendingTimers(sim: Simulation, shownMax: number, probe: boolean): PendingTimer[] {
  const timers: PendingTimer[] = [];
  for (const id of sim.state.nodeOrder) {
    const core = sim.state.nodes[id]?.core;
    if (!core || isPaused(sim.state.faults, id)) continue;
    if (sim.protocol.name === 'paxoskv') timers.push(...proposerTimers(id, core));
    else if (probe) timers.push(...nextOwnAction(sim, id, core));
  }
  timers.sort((a, b) => a.atMs - b.atMs);
  const shown = timers.slice(0, shownMax - 1);
  const tick = sim.state.scheduler.heap.find((entry) => entry.event.kind === 'tick');
  if (tick) shown.push({ node: 'all', what: 'tick', atMs: tick.atMs });
  return shown;
}

/** Each PaxosKV proposer's round timeout or the end of its backoff. */
function proposerTimers(node: NodeId, core: AnyNodeState): PendingTimer[] {
  if (!('proposers' in core)) return [];
  return Object.entries(core.proposers).flatMap(([key, proposer]): PendingTimer[] => {
    if (proposer.phase !== 'idle')
      return [{ node, what: `${key} round timeout`, atMs: proposer.roundDeadlineMs }];
    if (proposer.retryAtMs > 0) return [{ node, what: `${key} backoff ends`, atMs: proposer.retryAtMs }];
    return [];
  });
}

/**
 * The first tick (on the simulation's tick grid) at which the node would act alone, if any: ticks 1,
 * 2, 4, 8, ... ahead until one acts, then halving the gap since the last that did not (most timers are
 * a few ticks away, so few copies are made).
 */
function nextOwnAction(sim: Simulation, node: NodeId, core: AnyNodeState): PendingTimer[] {
  const tickMs = sim.options.tickIntervalMs;
  const now = Math.floor(sim.nowMs / tickMs);
  const horizon = Math.floor(timerHorizonMs / tickMs);
  let quiet = 0;
  let ahead = 1;
  while (actionAt(sim, core, (now + ahead) * tickMs) === null) {
    if (ahead >= horizon) return [];
    quiet = ahead;
    ahead = Math.min(horizon, ahead * 2);
  }
  while (ahead - quiet > 1) {
    const middle = Math.floor((quiet + ahead) / 2);
    if (actionAt(sim, core, (now + middle) * tickMs) === null) quiet = middle;
    else ahead = middle;
  }
  const atMs = (now + ahead) * tickMs;
  return [{ node, what: actionAt(sim, core, atMs)!, atMs }];
}

/** What a tick at `nowMs` would make the core do, in words, or null when it would do nothing. */
function actionAt(sim: Simulation, core: AnyNodeState, nowMs: number): string | null {
  // A core may change the state it is given in place; the probe steps a copy.
  const { ready } = sim.protocol.step(structuredClone(core), { kind: 'tick', nowMs });
  const text = sim.protocol.text;
  const told = ready.events.map((event) => text.event(event)).find((line) => line !== null);
  if (told) return told;
  const sent = [...(ready.sendBeforePersist ?? []), ...ready.messages];
  if (sent.length > 0) {
    const types = [...new Set(sent.map((message) => message.type))].join(', ');
    const to = [...new Set(sent.map((message) => message.to))].join(', ');
    return `sends ${types} to ${to}`;
  }
  if (ready.replies.length > 0) return `answers ${ready.replies.length} waiting request(s)`;
  if (ready.persist.length > 0 || ready.meta) return 'writes its disk';
  return null;
}
