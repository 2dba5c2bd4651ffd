import type { EventName, EventPayload, InvokeMethod, InvokeOutput } from '../../../shared/contract';
import type { InvokeContract } from '../../../shared/contract';
import type { z } from 'zod';
import type { AppLogger, LogFiles } from '../logging/logger';
import type { KnownSecrets } from '../logging/redact';
import type { PollTiming } from '../providers/task-waiter';

// What every host (the Electron shell, browser mode) gives the app's services, and what it gets.

/** Where API keys live: Electron safeStorage in the app, a 0600 file in browser mode. */
export type SecretStore = {
  get: (profileId: string) => string | undefined;
  set: (profileId: string, secret: string) => void;
  delete: (profileId: string) => void;
};

export type AppHostOptions = {
  /** The library folder (Electron userData, or WAN_STUDIO_HOME). */
  home: string;
  host: 'electron' | 'browser';
  version: string;
  /** The OS language tag, e.g. `zh-CN` or `en-US`. */
  systemLocale: string;
  secrets: SecretStore;
  /** The URL the renderer loads a library file from (custom protocol or HTTP route). */
  mediaUrl: (relPath: string) => string;
  /** Electron only: reveal a file in the OS file manager. */
  showInFolder?: (absPath: string) => void;
  /** Electron only: open a folder in the OS file manager. */
  openFolder?: (absPath: string) => Promise<boolean>;
  /** Electron only: a native folder dialog; resolves null when the person cancels. */
  pickFolder?: (purpose: 'export' | 'import' | 'backup' | 'move') => Promise<string | null>;
  /** A gateway to offer as the "Offline simulator" profile (browser mode with no key, demos). */
  simulator?: { baseUrl: string; key: string };
  /** A profile from the environment (WAN_BASE_URL + WAN_API_KEY), kept in memory only. */
  envProfile?: { baseUrl: string; apiKey: string; kind?: import('../../../shared/capabilities').ProviderKind };
  /** Faster polling for tests and demos against the simulator (the gateway guide's 3–5 s by default). */
  pollTiming?: Partial<PollTiming>;
  /** Path to better_sqlite3.node built for Electron's ABI, when running inside Electron. */
  nativeBinding?: string;
  /** Where the services log (scrubbed of keys by the logger itself); silent when absent. */
  logger?: AppLogger;
  /** The files behind `logger`, for "Open logs folder" and diagnostics; absent when none are kept. */
  logFiles?: LogFiles;
  /** The logger's list of keys to scrub: every key the services read or save is added to it. */
  knownSecrets?: KnownSecrets;
  /**
   * How gateway requests go out: Electron's net.fetch in the app (system proxy, PAC, OS
   * certificates), the environment's HTTPS_PROXY/NO_PROXY in browser mode. Default: global fetch.
   */
  fetch?: typeof fetch;
};

/** What a group of handlers (export, library care) gets from createAppServices. */
export type HandlerDeps = {
  library: import('../library/library').Library;
  gallery: import('../library/gallery-repository').GalleryRepository;
  options: AppHostOptions;
  emit: <E extends EventName>(name: E, payload: EventPayload<E>) => void;
};

/** A handler receives the input as its zod schema parsed it. */
export type HandlerMap = {
  [M in InvokeMethod]: (input: z.output<InvokeContract[M]['input']>) => Promise<InvokeOutput<M>> | InvokeOutput<M>;
};

export type AppEventListener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

export type AppServices = {
  handlers: HandlerMap;
  /** Every pushed event, already shaped by the contract. */
  onEvent: (listener: AppEventListener) => () => void;
  /** Carries on the jobs a previous run left unfinished (call once at start). */
  resume: () => void;
  /** Waits for running work (downloads, thumbnails), then closes the library. */
  close: () => Promise<void>;
};
