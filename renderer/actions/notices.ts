/** Adds and removes the short notices shown in the corner; each one leaves by itself after a while. */
import { noticesMax, type Notice } from '../store/slices/notices-slice';
import type { ConsoleStoreApi } from '../store/store';
import { ContractFailure } from '../../app/contract/errors';

let nextNoticeId = 1;
/** How long a notice stays; one with an undo stays longer so there is time to click it. */
const noticeMs = 6_000;
const undoNoticeMs = 12_000;

export function pushNotice(store: ConsoleStoreApi, notice: Omit<Notice, 'id'>): void {
  const id = nextNoticeId++;
  store.setState((state) => ({ notices: [...state.notices, { ...notice, id }].slice(-noticesMax) }));
  setTimeout(() => dismissNotice(store, id), notice.undo ? undoNoticeMs : noticeMs);
}

export function dismissNotice(store: ConsoleStoreApi, id: number): void {
  store.setState((state) => ({ notices: state.notices.filter((notice) => notice.id !== id) }));
}

/** An error notice: `what` went wrong (for example "Cannot stop"), then the failure in words. */
export function pushFailure(store: ConsoleStoreApi, what: string, error: unknown): void {
  pushNotice(store, { tone: 'error', text: `${what}: ${failureText(error)}`, undo: null });
}

/** A command failure in words, with the field at fault when the input was wrong. */
export function failureText(error: unknown): string {
  if (error instanceof ContractFailure) {
    const { code, field, message } = error.error;
    return code === 'INVALID_INPUT' && field !== '(input)' ? `${field}: ${message}` : message;
  }
  return error instanceof Error ? error.message : String(error);
}
