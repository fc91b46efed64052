/**
 * What every action and view needs: the store and the client. Views get it from React context
 * (views/console-context.tsx); actions take it as their first argument.
 */
import type { ConsoleClient } from '../client/console-client';
import type { ConsoleStoreApi } from '../store/store';

export interface Console {
  store: ConsoleStoreApi;
  client: ConsoleClient;
}
