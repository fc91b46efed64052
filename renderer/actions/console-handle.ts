/**
 * What every action and view needs: the renderer's store and its client to main. Views get it from
 * React context (`useConsole()` in views/use-console.tsx); actions take it as their first argument.
 * Not main's ConsoleContext (main/console/console-context.ts), which the commands share in main.
 */
import type { ConsoleClient } from '../client/console-client';
import type { ConsoleStoreApi } from '../store/store';

export interface ConsoleHandle {
  store: ConsoleStoreApi;
  client: ConsoleClient;
}
