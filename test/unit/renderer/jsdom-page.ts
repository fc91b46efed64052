/**
 * A jsdom page for React view tests, installed by hand on globalThis (not vitest's jsdom environment)
 * so the test keeps Node's own typed arrays: the checker tells bytes by `instanceof Uint8Array`, which
 * fails across jsdom's realm. Each test gets a fresh container; `extra` adds globals such as a
 * ResizeObserver stand-in, since jsdom has no layout.
 */
import { JSDOM } from 'jsdom';
import { afterEach, beforeEach } from 'vitest';

export function useJsdomPage(extra: Record<string, unknown> = {}): { container: () => HTMLDivElement } {
  let container: HTMLDivElement | null = null;
  const names = ['window', 'document', 'IS_REACT_ACT_ENVIRONMENT', ...Object.keys(extra)];
  beforeEach(() => {
    const page = new JSDOM('<!doctype html><body></body>', { pretendToBeVisual: true });
    Object.assign(globalThis, {
      window: page.window,
      document: page.window.document,
      IS_REACT_ACT_ENVIRONMENT: true,
      ...extra,
    });
    container = document.createElement('div');
    document.body.append(container);
  });
  afterEach(() => {
    container?.remove();
    container = null;
    for (const name of names) Reflect.deleteProperty(globalThis, name);
  });
  return {
    container: () => {
      if (!container) throw new Error('the jsdom page exists only inside a test');
      return container;
    },
  };
}
