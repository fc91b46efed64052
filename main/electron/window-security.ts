/**
 * The Electron window's hardening in one place: contextIsolation, sandbox, no nodeIntegration, no new
 * windows, no navigation away from the app's own files, no permission grants, nothing remote.
 */
import { pathToFileURL } from 'node:url';
import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';

export function secureWebPreferences(preload: string): BrowserWindowConstructorOptions['webPreferences'] {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

/** True for pages inside the built renderer folder, the only content the window may show or call from. */
export function trustedUrlCheck(rendererDir: string): (url: string) => boolean {
  const prefix = pathToFileURL(rendererDir).href + '/';
  return (url) => url.startsWith(prefix);
}

export function lockDownContents(contents: WebContents, isTrustedUrl: (url: string) => boolean): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function lockDownSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  // Nothing remote is ever loaded: refuse every request that is not the app's own files or devtools.
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = details.url.startsWith('file://') || details.url.startsWith('devtools://');
    callback({ cancel: !allowed });
  });
}
