/**
 * Kill, restart, wipe, pause and resume a node through the contract. Each answers with a notice; kill
 * and pause offer an undo (restart, resume), since bringing a node back is what a person usually wants.
 */
import type { NodeAction } from '../../app/contract/console-state';
import type { ConsoleHandle } from './console-handle';
import { pushFailure, pushNotice } from './notices';

export const nodeActionLabels: Record<NodeAction, string> = {
  kill: 'Kill',
  restart: 'Restart',
  wipeAndRestart: 'Wipe disk and restart',
  pause: 'Pause',
  resume: 'Resume',
};

const pastTense: Record<NodeAction, string> = {
  kill: 'killed (SIGKILL)',
  restart: 'restarted on its own data',
  wipeAndRestart: 'wiped and restarted learner-only',
  pause: 'paused',
  resume: 'resumed',
};

const undoOf: Partial<Record<NodeAction, NodeAction>> = { kill: 'restart', pause: 'resume' };

export async function runNodeAction(
  consoleHandle: ConsoleHandle,
  nodeId: string,
  action: NodeAction,
): Promise<void> {
  try {
    await callNodeAction(consoleHandle, nodeId, action);
  } catch (error) {
    pushFailure(consoleHandle.store, `${nodeId}`, error);
    return;
  }
  const undo = undoOf[action];
  pushNotice(consoleHandle.store, {
    tone: 'success',
    text: `${nodeId} ${pastTense[action]}.`,
    undo: undo
      ? {
          label: `Undo (${nodeActionLabels[undo].toLowerCase()})`,
          run: () => void runNodeAction(consoleHandle, nodeId, undo),
        }
      : null,
  });
}

function callNodeAction({ client }: ConsoleHandle, nodeId: string, action: NodeAction) {
  switch (action) {
    case 'kill':
      return client.call('killNode', { nodeId });
    case 'restart':
      return client.call('restartNode', { nodeId });
    case 'wipeAndRestart':
      return client.call('wipeAndRestartNode', { nodeId });
    case 'pause':
      return client.call('pauseNode', { nodeId });
    case 'resume':
      return client.call('resumeNode', { nodeId });
  }
}
