/**
 * Fault changes through the contract (partition, cut, link rule, hold, heal), each answered with a
 * notice and, where it makes sense, an undo that restores the faults as they were before; and the
 * protocol pace every agent runs at.
 */
import type { FaultChange, FaultState } from '../../app/model/fault-model';
import type { ConsoleHandle } from './console-handle';
import { pushFailure, pushNotice } from './notices';

/** Applies one change; returns the faults in force afterwards, or null when the console refused it. */
export async function applyFault(
  consoleHandle: ConsoleHandle,
  change: FaultChange,
  what: string,
): Promise<FaultState | null> {
  const before = consoleHandle.store.getState().faults;
  try {
    const outcome = await consoleHandle.client.call('applyFault', { change });
    const unreached =
      outcome.unreached.length > 0 ? ` (${outcome.unreached.join(', ')} will get it when back)` : '';
    pushNotice(consoleHandle.store, {
      tone: 'success',
      text: `${what}${unreached}.`,
      undo: undoFor(consoleHandle, change, before),
    });
    return outcome.faults;
  } catch (error) {
    pushFailure(consoleHandle.store, `${what} failed`, error);
    return null;
  }
}

function undoFor(consoleHandle: ConsoleHandle, change: FaultChange, before: FaultState) {
  switch (change.kind) {
    case 'hold':
      return {
        label: 'Undo',
        run: () => void applyFault(consoleHandle, { kind: 'unhold', link: change.link }, 'Hold undone'),
      };
    case 'unhold':
      return {
        label: 'Undo',
        run: () => void applyFault(consoleHandle, { kind: 'hold', link: change.link }, 'Hold restored'),
      };
    case 'pause':
    case 'resume':
    case 'corrupt':
      return null;
    case 'partition':
    case 'cut':
    case 'link':
    case 'heal':
      return { label: 'Undo', run: () => void restoreFaults(consoleHandle, before) };
  }
}

/**
 * Brings back a previous partition and link rules: heal, then one cut per missing link and each rule
 * again. Pauses and holds are not touched by heal, so they need no restoring.
 */
export async function restoreFaults(consoleHandle: ConsoleHandle, previous: FaultState): Promise<void> {
  try {
    const nodes = Object.keys(consoleHandle.store.getState().processes);
    for (const change of changesToRestore(previous, nodes))
      await consoleHandle.client.call('applyFault', { change });
    pushNotice(consoleHandle.store, { tone: 'success', text: 'Faults restored as they were.', undo: null });
  } catch (error) {
    pushFailure(consoleHandle.store, 'Restoring the faults failed', error);
  }
}

export function changesToRestore(previous: FaultState, nodes: readonly string[]): FaultChange[] {
  const cuts: FaultChange[] = Object.entries(previous.reachable).flatMap(([from, peers]) =>
    nodes
      .filter((to) => to !== from && !peers.includes(to))
      .map((to): FaultChange => ({ kind: 'cut', from, to })),
  );
  const rules = previous.links.map((rule): FaultChange => ({ kind: 'link', rule }));
  return [{ kind: 'heal' }, ...cuts, ...rules];
}

/** Delivers, drops or duplicates one held message at the node holding it (its sender). */
export async function releaseHeld(
  consoleHandle: ConsoleHandle,
  message: { id: string; from: string },
  action: 'deliver' | 'drop' | 'duplicate',
): Promise<void> {
  try {
    await consoleHandle.client.call('releaseHeld', { nodeId: message.from, messageId: message.id, action });
  } catch (error) {
    pushFailure(consoleHandle.store, `Could not ${action} ${message.id}`, error);
  }
}

/** Sets how fast every agent's protocol time runs (1 real time, 0 stopped), with a notice saying what it slows. */
export async function setProtocolPace(consoleHandle: ConsoleHandle, rate: number): Promise<void> {
  try {
    const outcome = await consoleHandle.client.call('setProtocolPace', { rate });
    const unreached =
      outcome.unreached.length > 0 ? ` (${outcome.unreached.join(', ')} will get it when back)` : '';
    const pace = rate === 1 ? 'runs at real time' : rate === 0 ? 'stopped' : `×${rate}`;
    pushNotice(consoleHandle.store, {
      tone: 'success',
      text: `Protocol time ${pace} on every agent${unreached}: their timers, not the display.`,
      undo: null,
    });
  } catch (error) {
    pushFailure(consoleHandle.store, 'Setting the protocol pace failed', error);
  }
}
