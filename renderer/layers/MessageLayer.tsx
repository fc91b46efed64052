/**
 * Messages in flight as dots on a canvas above the topology. It never re-renders with the store: a
 * transient subscription feeds new transport events to the flight board, and requestAnimationFrame
 * draws the board. Held messages are left to the SVG (they are few and clickable).
 */
import { useEffect, useRef } from 'react';
import type { ConsoleStoreApi } from '../store/store';
import type { MessageView } from '../store/observed-cluster';
import { FlightBoard, type FlightFrame } from './flight-board';
import { familyColorVar, messageFamilies } from './message-kinds';
import { DotRaster } from './dot-raster';
import { createSprites, rasterFlights, type FlightColors } from './paint-flights';
import type { TopologyLayout } from './topology-layout';

interface MessageLayerProps {
  store: ConsoleStoreApi;
  layout: TopologyLayout;
  /** Changes when the theme does, so colours are read again. */
  theme: string;
}

export function MessageLayer({ store, layout, theme }: MessageLayerProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const layoutRef = useRef(layout);
  layoutRef.current = layout;

  useEffect(() => {
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return;
    const colors = readColors(canvas);
    const ratio = canvas.width / Math.max(1, layoutRef.current.width);
    const sprites = createSprites(colors, ratio, () => document.createElement('canvas'));
    const raster = new DotRaster(canvas.width, canvas.height);
    const image = new ImageData(raster.data, canvas.width, canvas.height);
    const board = new FlightBoard();
    let seenN = store.getState().observed.eventCount;
    const unsubscribe = store.subscribe((state) => {
      const { recent, eventCount } = state.observed;
      if (eventCount === seenN) return;
      if (eventCount < seenN) board.clear();
      const now = performance.now();
      const first = recent.length - (eventCount - seenN);
      for (let i = Math.max(0, first); i < recent.length; i += 1) {
        board.apply(recent[i]!, now, state.settings.speed);
      }
      seenN = eventCount;
    });
    // An empty canvas is cleared once; repainting it every frame would keep the compositor busy for nothing.
    let paintedEmpty = false;
    let frame = requestAnimationFrame(function draw() {
      const { rewound } = store.getState();
      const frames = rewound ? frozenFrames(Object.values(rewound.inFlight)) : board.frame(performance.now());
      if (frames.length > 0 || !paintedEmpty) {
        rasterFlights(raster, layoutRef.current, frames, sprites);
        context.putImageData(image, 0, 0);
      }
      paintedEmpty = frames.length === 0;
      const flights = String(board.size);
      if (canvas.dataset.flights !== flights) canvas.dataset.flights = flights;
      frame = requestAnimationFrame(draw);
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, [store, theme, layout.width, layout.height]);

  const ratio = globalThis.devicePixelRatio || 1;
  return (
    <canvas
      ref={canvasRef}
      className="message-layer"
      width={Math.round(layout.width * ratio)}
      height={Math.round(layout.height * ratio)}
      style={{ width: layout.width, height: layout.height }}
      aria-hidden="true"
    />
  );
}

/** While rewinding, messages in the air at that moment are shown still, halfway along their path. */
function frozenFrames(messages: MessageView[]): FlightFrame[] {
  return messages.map((message) => ({
    t: 0.5,
    alpha: 1,
    flight: {
      id: message.id,
      kind: message.type,
      from: message.from,
      to: message.to,
      phase: message.state === 'delivered' ? 'arrived' : message.state,
      startMs: 0,
      durationMs: 1,
      parkAt: 0.5,
      endMs: null,
      endT: 0.5,
      duplicated: message.duplicated,
    },
  }));
}

function readColors(canvas: HTMLCanvasElement): FlightColors {
  const style = getComputedStyle(canvas);
  const read = (name: string) => style.getPropertyValue(name).trim() || '#888';
  const colors = { dropped: read('--msg-dropped') } as FlightColors;
  for (const family of messageFamilies) colors[family] = read(familyColorVar(family));
  return colors;
}
