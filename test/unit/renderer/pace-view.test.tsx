/**
 * The pace control and the held tray's note as React draws them: the chosen pace is the pressed
 * button, a click sends setProtocolPace with that rate and says what it slows, and after "stop holding"
 * the note names the agents still holding messages and says every agent's timers wait for them.
 */
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import { healthyFaultState } from '../../../app/model/fault-model';
import type { ConsoleClient } from '../../../renderer/client/console-client';
import { createConsoleStore } from '../../../renderer/store/store';
import { ConsoleProvider } from '../../../renderer/views/use-console';
import { PaceControl } from '../../../renderer/views/faults/PaceControl';
import { TimersStoppedNote } from '../../../renderer/views/faults/TimersStoppedNote';
import { useJsdomPage } from './jsdom-page';

const page = useJsdomPage();
const container = () => page.container();

/** A console whose client answers setProtocolPace as main does when n4 is down, recording each call. */
function pacedConsole() {
  const store = createConsoleStore();
  const calls: [string, unknown][] = [];
  const client = {
    call: (name: string, input: { rate: number }) => {
      calls.push([name, input]);
      return Promise.resolve({ rate: input.rate, unreached: ['n4'] });
    },
  } as unknown as ConsoleClient;
  const faults = healthyFaultState();
  store.setState({
    cluster: { ...store.getState().cluster, protocolPace: 0.5 },
    faults: { ...faults, hold: { ...faults.hold, heldAt: ['n1', 'n3'] } },
  });
  return { store, client, calls };
}

describe('protocol pace in the fault panel', () => {
  it('presses the chosen pace, and a click sets every agent and says it is not the display speed', async () => {
    const { store, client, calls } = pacedConsole();
    const root = createRoot(container());
    await act(async () => {
      root.render(
        <ConsoleProvider consoleHandle={{ store, client }}>
          <PaceControl />
        </ConsoleProvider>,
      );
    });
    const button = (label: string) =>
      [...container().querySelectorAll('button')].find((candidate) => candidate.textContent === label)!;
    expect(button('½').getAttribute('aria-pressed')).toBe('true');
    expect(button('real time').getAttribute('aria-pressed')).toBe('false');
    await act(async () => button('⅕').click());
    expect(calls).toEqual([['setProtocolPace', { rate: 0.2 }]]);
    expect(store.getState().notices.at(-1)?.text).toBe(
      'Protocol time ×0.2 on every agent (n4 will get it when back): their timers, not the display.',
    );
    await act(async () => root.unmount());
  });

  it('says every agent stays stopped while messages are still held after hold mode ends', async () => {
    const { store, client } = pacedConsole();
    const root = createRoot(container());
    await act(async () => {
      root.render(
        <ConsoleProvider consoleHandle={{ store, client }}>
          <TimersStoppedNote holding={false} />
        </ConsoleProvider>,
      );
    });
    const note = container().querySelector('[data-timers]');
    expect(note?.getAttribute('data-timers')).toBe('held-only');
    expect(note?.textContent).toContain('messages are still held at n1, n3');
    expect(note?.textContent).toContain('stay stopped on every agent until the tray is empty');
    await act(async () => root.unmount());
  });
});
