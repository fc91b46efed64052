/**
 * The `?` help lists the lesson's keys and the simulated cluster's from the tables their key handler
 * uses (views/lessons/lesson-keys.ts), beside the console's own shortcuts.
 */
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import type { ConsoleClient } from '../../../renderer/client/console-client';
import { HelpOverlay } from '../../../renderer/app/HelpOverlay';
import { shortcuts } from '../../../renderer/app/shortcuts';
import { createConsoleStore } from '../../../renderer/store/store';
import { lessonKeyHelp, simulationKeyHelp } from '../../../renderer/views/lessons/lesson-keys';
import { ConsoleProvider } from '../../../renderer/views/use-console';
import { useJsdomPage } from './jsdom-page';

const page = useJsdomPage();

describe('the help overlay', () => {
  it("lists the console's shortcuts, then the lesson's keys and the simulated cluster's", async () => {
    const store = createConsoleStore();
    store.setState({ helpOpen: true });
    const root = createRoot(page.container());
    await act(async () =>
      root.render(
        <ConsoleProvider consoleHandle={{ store, client: {} as ConsoleClient }}>
          <HelpOverlay />
        </ConsoleProvider>,
      ),
    );
    const rows = [...page.container().querySelectorAll('tr')].map((row) => [
      row.querySelector('kbd')?.textContent,
      row.querySelector('td')?.textContent,
    ]);
    const listed = [
      ...shortcuts.filter((shortcut) => shortcut.keys !== ''),
      ...lessonKeyHelp,
      ...simulationKeyHelp,
    ];
    expect(rows).toEqual(listed.map((row) => [row.keys, row.description]));
    expect(rows).toContainEqual(['1 … 9', 'Lesson: answer the question']);
    expect(rows.filter(([keys]) => keys === 'Space')).toHaveLength(2);
    await act(async () => root.unmount());
  });
});
