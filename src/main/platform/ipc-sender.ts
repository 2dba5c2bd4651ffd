import { isAppUrl } from './window-security';

// Who may call the app over IPC. Pure, so it is unit-tested in plain Node; electron-ipc.ts
// gathers the facts from the event.

export type SenderFacts = {
  /** The URL of the frame that sent the message ('' when the frame is gone). */
  frameUrl: string;
  /** Whether that frame is its page's top frame, not an iframe inside it. */
  isMainFrame: boolean;
  /** Whether the page belongs to one of the app's own windows. */
  isAppWindow: boolean;
};

/** Only the app's own page, in its top frame, in one of its windows; never an iframe or a stray page. */
export function isTrustedSender(sender: SenderFacts, appUrl: string): boolean {
  return sender.isAppWindow && sender.isMainFrame && isTrustedFrameUrl(sender.frameUrl, appUrl);
}

/** The frame shows the app: the built index.html (that exact file) or a page of the dev server's origin. */
export function isTrustedFrameUrl(frameUrl: string, appUrl: string): boolean {
  return frameUrl !== '' && isAppUrl(frameUrl, appUrl);
}

/** The parts of Electron's WebContents and WebFrameMain the check reads (type-only, for tests). */
export type SenderContents = { id: number; mainFrame: FrameIdentity };
export type FrameIdentity = { url: string; processId: number; routingId: number };

/**
 * The check electron-ipc.ts runs on every call: `appWindowIds()` lists the webContents ids of the
 * app's windows, `appUrl` is what they load (the dev server, or the built index.html as file://).
 */
export function createSenderCheck(
  appUrl: string,
  appWindowIds: () => readonly number[],
): (sender: SenderContents, frame: FrameIdentity | null) => boolean {
  return (sender, frame) => {
    if (frame === null) return false;
    const main = sender.mainFrame;
    return isTrustedSender(
      {
        frameUrl: frame.url,
        isMainFrame: frame.processId === main.processId && frame.routingId === main.routingId,
        isAppWindow: appWindowIds().includes(sender.id),
      },
      appUrl,
    );
  };
}
