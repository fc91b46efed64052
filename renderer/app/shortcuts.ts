/**
 * The keyboard shortcuts, in one table that both the key handler and the help overlay read, so the
 * overlay cannot drift from what the keys do.
 */
import type { ConsoleHandle } from '../actions/console-handle';
import { runNodeAction } from '../actions/node-actions';
import { toggleChecker } from '../checker/checker-actions';
import { dismissNotice } from '../actions/notices';
import { returnToLive, stepRewind } from '../actions/rewind';
import { updateSettings } from '../actions/settings';
import { exportTrace } from '../actions/trace-import-export';
import { setProtocolPace } from '../actions/faults';
import { nextPace } from '../views/faults/PaceControl';
import { nextSpeed } from '../views/shell/SpeedControl';

export interface Shortcut {
  /** The keys as shown in the help overlay. */
  keys: string;
  description: string;
  matches: (event: KeyboardEvent) => boolean;
  run: (consoleHandle: ConsoleHandle) => void;
}

const plain = (key: string) => (event: KeyboardEvent) =>
  event.key === key && !event.ctrlKey && !event.metaKey && !event.altKey;

/** Runs a node action on the selected node when main allows it. */
function onSelectedNode(consoleHandle: ConsoleHandle, action: 'kill' | 'restart' | 'pause' | 'resume') {
  const { selectedNodeId, processes } = consoleHandle.store.getState();
  if (selectedNodeId && processes[selectedNodeId]?.actions.includes(action)) {
    void runNodeAction(consoleHandle, selectedNodeId, action);
  }
}

/** Moves every agent's protocol pace one choice slower or faster, when a live cluster runs. */
function stepPace(consoleHandle: ConsoleHandle, direction: 1 | -1) {
  const { cluster } = consoleHandle.store.getState();
  if (cluster.phase !== 'running' || cluster.mode === 'trace') return;
  const current = cluster.protocolPace ?? 1;
  const next = nextPace(current, direction);
  if (next !== current) void setProtocolPace(consoleHandle, next);
}

export const shortcuts: Shortcut[] = [
  {
    keys: '?',
    description: 'Show or hide this help',
    matches: plain('?'),
    run: ({ store }) => store.setState((s) => ({ helpOpen: !s.helpOpen })),
  },
  {
    keys: 'W',
    description: 'Write: jump to the client console',
    matches: plain('w'),
    run: () => document.getElementById('kv-key')?.focus(),
  },
  {
    keys: 'K',
    description: 'Kill the selected node',
    matches: plain('k'),
    run: (c) => onSelectedNode(c, 'kill'),
  },
  {
    keys: 'R',
    description: 'Restart the selected node',
    matches: plain('r'),
    run: (c) => onSelectedNode(c, 'restart'),
  },
  {
    keys: 'S',
    description: 'Pause or resume the selected node',
    matches: plain('s'),
    run: (c) => {
      const { selectedNodeId, processes } = c.store.getState();
      const paused = selectedNodeId ? processes[selectedNodeId]?.process === 'paused' : false;
      onSelectedNode(c, paused ? 'resume' : 'pause');
    },
  },
  {
    keys: 'Ctrl+Z',
    description: 'Undo the last action that can be undone',
    matches: (event) => (event.ctrlKey || event.metaKey) && event.key === 'z',
    run: ({ store }) => {
      const notice = store.getState().notices.findLast((candidate) => candidate.undo !== null);
      if (!notice?.undo) return;
      dismissNotice(store, notice.id);
      notice.undo.run();
    },
  },
  {
    keys: '← / →',
    description: 'Rewind: step one event back or forward',
    matches: plain('ArrowLeft'),
    run: ({ store }) => stepRewind(store, -1),
  },
  { keys: '', description: '', matches: plain('ArrowRight'), run: ({ store }) => stepRewind(store, 1) },
  {
    keys: 'Shift+← / →',
    description: 'Rewind: step 50 events',
    matches: (event) => event.shiftKey && event.key === 'ArrowLeft',
    run: ({ store }) => stepRewind(store, -50),
  },
  {
    keys: '',
    description: '',
    matches: (event) => event.shiftKey && event.key === 'ArrowRight',
    run: ({ store }) => stepRewind(store, 50),
  },
  { keys: 'L', description: 'Return to live', matches: plain('l'), run: ({ store }) => returnToLive(store) },
  {
    keys: '[ / ]',
    description: 'Display speed: slower or faster message animation (the picture only)',
    matches: plain('['),
    run: ({ store }) => updateSettings(store, { speed: nextSpeed(store.getState().settings.speed, -1) }),
  },
  {
    keys: '',
    description: '',
    matches: plain(']'),
    run: ({ store }) => updateSettings(store, { speed: nextSpeed(store.getState().settings.speed, 1) }),
  },
  {
    keys: '{ / }',
    description: "Protocol pace slower or faster: every agent's timers, not the picture",
    matches: plain('{'),
    run: (consoleHandle) => stepPace(consoleHandle, -1),
  },
  { keys: '', description: '', matches: plain('}'), run: (consoleHandle) => stepPace(consoleHandle, 1) },
  {
    keys: 'F',
    description: 'PLog lens: follow the last key written',
    matches: plain('f'),
    run: ({ store }) =>
      updateSettings(store, { followLastWritten: !store.getState().settings.followLastWritten }),
  },
  {
    keys: 'T',
    description: 'Light or dark theme',
    matches: plain('t'),
    run: ({ store }) =>
      updateSettings(store, { theme: store.getState().settings.theme === 'dark' ? 'light' : 'dark' }),
  },
  {
    keys: 'P',
    description: 'Presenter mode (large type)',
    matches: plain('p'),
    run: ({ store }) => updateSettings(store, { presenter: !store.getState().settings.presenter }),
  },
  {
    keys: 'E',
    description: 'Export the trace',
    matches: plain('e'),
    run: (consoleHandle) => void exportTrace(consoleHandle),
  },
  {
    keys: 'C',
    description: 'Checker panel: open or close (in place of the timeline)',
    matches: plain('c'),
    run: ({ store }) => toggleChecker(store),
  },
  {
    keys: 'Esc',
    description: 'Close help, deselect',
    matches: plain('Escape'),
    run: ({ store }) => store.setState({ helpOpen: false, selectedNodeId: null, selectedEventN: null }),
  },
];

/** Input types where letters are typing; checkboxes, radios, ranges and buttons leave keys to shortcuts. */
const textInputTypes = new Set(['text', 'search', 'number', 'email', 'url', 'password', 'tel']);

/** True when the key press belongs to a text field, where letters are typing, not commands. */
export function isTyping(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (!target) return false;
  if (target instanceof HTMLInputElement) return textInputTypes.has(target.type);
  return target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable;
}
