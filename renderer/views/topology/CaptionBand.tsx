/**
 * Live captions under the cluster picture: the newest step that tells the protocol's story, in one
 * plain sentence, changing at most once per captionHoldMs so a class can read each one. The full list,
 * sends and receives included, stays in the timeline's event inspector.
 */
import { captionOf, tellsTheStory } from '../../../app/model/captions';
import type { ObservedCluster } from '../../store/observed-cluster';
import { useShownThrottled } from '../use-console';

/** Long enough to read a 25-word sentence aloud. */
export const captionHoldMs = 2500;

function newestStory(observed: ObservedCluster) {
  return observed.recent.findLast(tellsTheStory);
}

export function CaptionBand() {
  const event = useShownThrottled(newestStory, captionHoldMs);
  return (
    <div className="caption-band" role="status" aria-live="polite" aria-label="caption">
      {event ? (
        <>
          <span className="caption-step mono">#{event.n}</span> {captionOf(event)}
        </>
      ) : (
        <span className="dim">Captions appear here as the cluster works: write a key to start.</span>
      )}
    </div>
  );
}
