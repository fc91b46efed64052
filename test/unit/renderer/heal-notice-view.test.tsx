/**
 * The Checker form's notice that a run heals what is in force: shown before a run while a partition or
 * pause is in force, gone on a healthy cluster and while a run goes on.
 */
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import { healthyFaultState } from '../../../app/model/fault-model';
import type { ConsoleClient } from '../../../renderer/client/console-client';
import { createConsoleStore } from '../../../renderer/store/store';
import { HealNotice } from '../../../renderer/views/checker/HealNotice';
import { ConsoleProvider } from '../../../renderer/views/use-console';
import { useJsdomPage } from './jsdom-page';

const page = useJsdomPage();

async function noticeWith(change: (store: ReturnType<typeof createConsoleStore>) => void) {
  const store = createConsoleStore();
  change(store);
  const root = createRoot(page.container());
  await act(async () => {
    root.render(
      <ConsoleProvider consoleHandle={{ store, client: {} as ConsoleClient }}>
        <HealNotice />
      </ConsoleProvider>,
    );
  });
  const text = page.container().querySelector('.checker-heal-notice')?.textContent ?? null;
  await act(async () => root.unmount());
  return text;
}

describe('the Checker form’s heal notice', () => {
  it('warns before a run that a partition or a pause in force will be healed', async () => {
    const partitioned = await noticeWith((store) =>
      store.setState({ faults: { ...healthyFaultState(), reachable: { n0: ['n3'], n3: ['n0'] } } }),
    );
    expect(partitioned).toContain('healed when the run ends');
    const paused = await noticeWith((store) =>
      store.setState({ faults: { ...healthyFaultState(), paused: ['n2'] } }),
    );
    expect(paused).toContain('healed when the run ends');
  });

  it('says nothing on a healthy cluster or while a run goes on', async () => {
    expect(await noticeWith(() => undefined)).toBeNull();
    const running = await noticeWith((store) => {
      const { checker } = store.getState();
      store.setState({
        faults: { ...healthyFaultState(), paused: ['n2'] },
        checker: { ...checker, run: { ...checker.run, status: 'running' } },
      });
    });
    expect(running).toBeNull();
  });
});
