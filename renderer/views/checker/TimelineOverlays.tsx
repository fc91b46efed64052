/**
 * What sits over the timeline's canvas as elements: fault labels (text stays crisp and findable),
 * a button per marked operation, and the outline of the selected one.
 */
import {
  laneTop,
  type OperationTimelineLayout,
  type TimelineSize,
} from '../../checker/operation-timeline-layout';
import { useConsole, useConsoleState } from '../use-console';

/** A label may run past its band this far, so a short fault's label stays readable. */
const labelWidthMin = 220;

export function TimelineOverlays({ layout, size }: { layout: OperationTimelineLayout; size: TimelineSize }) {
  const { store } = useConsole();
  const selectedId = useConsoleState((state) => state.checkerSelectedId);
  const marked = layout.bars.filter((bar) => bar.mark !== null);
  const selected = selectedId ? layout.bars.find((bar) => bar.id === selectedId) : undefined;
  const select = (id: string) => store.setState({ checkerSelectedId: id });
  // Two rows of fault labels share the room above the lanes, which grows in presenter mode.
  const labelRowHeight = size.top / 2;
  return (
    <>
      {layout.bands.map((band) => (
        <div
          key={band.id}
          className="fault-band-label"
          data-fault={band.id}
          data-open={band.open}
          title={band.label}
          style={{
            left: band.x0,
            top: band.labelRow * labelRowHeight,
            height: labelRowHeight,
            lineHeight: `${labelRowHeight}px`,
            maxWidth: Math.max(band.x1 - band.x0, labelWidthMin),
          }}
        >
          {band.label}
        </div>
      ))}
      {marked.map((bar) => (
        <button
          key={bar.id}
          className={`marked-operation mark-${bar.mark}`}
          data-operation={bar.id}
          data-mark={bar.mark}
          aria-label={`${bar.mark} operation ${bar.id}`}
          style={{
            left: bar.x0,
            top: laneTop(bar.lane, size),
            width: bar.x1 - bar.x0,
            height: size.laneHeight,
          }}
          onClick={() => select(bar.id)}
        />
      ))}
      {selected && (
        <div
          className="selected-operation"
          data-operation={selected.id}
          style={{
            left: selected.x0 - 2,
            top: laneTop(selected.lane, size) - 1,
            width: selected.x1 - selected.x0 + 4,
            height: size.laneHeight + 2,
          }}
        />
      )}
    </>
  );
}
