/** How fast messages are drawn: 1× normal, down to 0.05× for a classroom's slow motion. */
import { updateSettings } from '../../actions/settings';
import { speedMax, speedMin } from '../../store/slices/settings-slice';
import { useConsole, useConsoleState } from '../use-console';

const presets = [0.1, 0.25, 0.5, 1, 2];

export function SpeedControl() {
  const { store } = useConsole();
  const speed = useConsoleState((state) => state.settings.speed);
  return (
    <label className="speed" title="Display speed of message animations ([ slower, ] faster)">
      <span className="dim">speed</span>
      <input
        type="range"
        aria-label="display speed"
        min={Math.log(speedMin)}
        max={Math.log(speedMax)}
        step={0.01}
        value={Math.log(speed)}
        onChange={(event) => updateSettings(store, { speed: snap(Math.exp(Number(event.target.value))) })}
      />
      <span className="mono speed-value">{speed < 1 ? speed.toFixed(2) : speed.toFixed(1)}×</span>
    </label>
  );
}

/** Rounds to a preset when close, so the common speeds are easy to hit with a mouse. */
function snap(speed: number): number {
  const near = presets.find((preset) => Math.abs(Math.log(preset / speed)) < 0.08);
  return near ?? Math.round(speed * 100) / 100;
}

/** One step slower or faster through the presets, for the keyboard. */
export function nextSpeed(speed: number, direction: 1 | -1): number {
  const sorted = direction > 0 ? presets : [...presets].reverse();
  return sorted.find((preset) => (direction > 0 ? preset > speed + 1e-9 : preset < speed - 1e-9)) ?? speed;
}
