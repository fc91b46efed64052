/** Live or rewind: drag back through the recorded events, step with the arrow keys, and return to live. */
import { returnToLive, scrubTo } from '../../actions/rewind';
import { historyRange } from '../../store/rewind-history';
import { useConsole, useConsoleState } from '../console-context';

export function Scrubber() {
  const { store } = useConsole();
  const firstN = useConsoleState((state) => historyRange(state.history, state.observed).firstN);
  const lastN = useConsoleState((state) => state.observed.eventCount);
  const rewindN = useConsoleState((state) => state.rewindN);
  const live = rewindN === null;
  return (
    <div className={`scrubber${live ? ' live' : ' rewinding'}`}>
      <span className={`mode-badge${live ? ' live' : ''}`} data-mode={live ? 'live' : 'rewind'}>
        {live ? '● LIVE' : `⏪ REWIND #${rewindN}`}
      </span>
      <input
        type="range"
        aria-label="rewind position"
        min={firstN}
        max={Math.max(lastN, firstN)}
        value={rewindN ?? lastN}
        onChange={(event) => scrubTo(store, Number(event.target.value))}
      />
      <span className="dim mono">
        {firstN}–{lastN}
      </span>
      <button onClick={() => returnToLive(store)} disabled={live} title="Return to live (L)">
        Return to live
      </button>
    </div>
  );
}
