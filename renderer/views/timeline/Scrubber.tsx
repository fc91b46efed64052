/** Live or rewind: drag back through the recorded events, step with the arrow keys, and return to live. */
import { returnToLive, scrubTo } from '../../actions/rewind';
import { historyRange } from '../../store/rewind-history';
import type { ConsoleStore } from '../../store/store';
import { viewedTraceOf } from '../../store/trace-view';
import { useConsole, useConsoleState, useConsoleStateThrottled } from '../use-console';

/** The range moves with every event; four updates a second keep it current without repainting each frame. */
const rangeRedrawMs = 250;
const rangeOf = (state: ConsoleStore) => historyRange(state.rewindHistory, state.observed);

const modeText = {
  live: () => '● LIVE',
  rewind: (rewindN: number | null) => `◀◀ REWIND #${rewindN}`,
  trace: (_: number | null, traceName: string | null) => `◆ TRACE ${traceName}`,
};

export function Scrubber() {
  const { store } = useConsole();
  const { firstN, lastN } = useConsoleStateThrottled(rangeOf, rangeRedrawMs);
  const rewindN = useConsoleState((state) => state.rewindN);
  const traceName = useConsoleState((state) => viewedTraceOf(state)?.name ?? null);
  const live = rewindN === null;
  const mode = live ? 'live' : traceName === null ? 'rewind' : 'trace';
  return (
    <div className={`scrubber${live ? ' live' : ' rewinding'}`}>
      <span className={`mode-badge${live ? ' live' : ''}`} data-mode={mode}>
        {modeText[mode](rewindN, traceName)}
      </span>
      <input
        type="range"
        aria-label="rewind position"
        min={firstN}
        max={Math.max(lastN, firstN)}
        value={mode === 'rewind' ? (rewindN ?? lastN) : lastN}
        onChange={(event) => scrubTo(store, Number(event.target.value))}
      />
      <span className="dim mono" data-ingested={lastN}>
        {firstN}–{lastN}
      </span>
      <button onClick={() => returnToLive(store)} disabled={live} title="Return to live (L)">
        Return to live
      </button>
    </div>
  );
}
