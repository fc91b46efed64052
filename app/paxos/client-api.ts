/**
 * The core's client side is the store's one operation vocabulary (app/kv/operations.ts). This file
 * goes once the core's types import it directly.
 */
export type * from '../kv/operations';
export type { KvOperation as ClientOperation } from '../kv/operations';
