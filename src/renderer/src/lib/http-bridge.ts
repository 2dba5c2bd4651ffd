import { isEventName, isInvokeMethod } from '../../../shared/contract-names';
import type { ErrorValue } from '../../../shared/errors';
import type {
  EventName,
  EventPayload,
  InvokeInput,
  InvokeMethod,
  InvokeResult,
  WanApi,
} from '../../../shared/contract';

// Browser mode has no preload, so nothing fills `window.wan`: this fills it with the same API over
// HTTP (`POST /api/invoke`) and server-sent events (`GET /api/events`). The session cookie set when
// the page was opened from the printed link authenticates both.

type Failure = { ok: false; error: ErrorValue };
type Listener = (payload: unknown) => void;

/** How long to wait before reopening an event stream the server refused (EventSource gives up then). */
const REOPEN_MS = 3000;
const READY_TIMEOUT_MS = 2000;

function failure(code: ErrorValue['code'], message: string, extra: Partial<ErrorValue> = {}): Failure {
  return { ok: false, error: { code, message, isRetryable: code === 'network', ...extra } };
}

function isInvokeResultShape(body: unknown): body is { ok: boolean } {
  if (typeof body !== 'object' || body === null) return false;
  const { ok, error } = body as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (ok === true) return 'value' in body;
  return ok === false && typeof error?.code === 'string' && typeof error.message === 'string';
}

async function post(method: InvokeMethod, input: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch('/api/invoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ method, input }),
    });
  } catch (err) {
    return failure(
      'network',
      'Could not reach Wan Studio’s browser-mode server — is `npm run browser` still running?',
      {
        detail: err instanceof Error ? err.message : String(err),
      },
    );
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (isInvokeResultShape(body)) return body;
  return failure(
    response.ok ? 'malformed_response' : 'internal',
    `Browser mode answered ${method} with HTTP ${response.status} and no result.`,
    { httpStatus: response.status },
  );
}

type EventChannel = {
  subscribe: (name: EventName, listener: Listener) => () => void;
  /** Settles once the stream is connected (or could not be), so no event of a call is missed. */
  ready: Promise<void>;
};

/**
 * One EventSource for the page, shared by every `on()`. It opens at once: the server registers a
 * stream before answering it, so once it is open, every event of a later call reaches the page.
 */
function createEventChannel(): EventChannel {
  const listeners = new Map<EventName, Set<Listener>>();
  let source: EventSource | undefined;
  let reopenTimer: ReturnType<typeof setTimeout> | undefined;
  let settle: () => void = () => {};
  const ready = new Promise<void>((resolve) => (settle = resolve));
  // A stream that cannot connect must not hold calls up for long.
  setTimeout(() => settle(), READY_TIMEOUT_MS);

  const dispatch = (message: MessageEvent<string>): void => {
    let event: { name?: unknown; payload?: unknown };
    try {
      event = JSON.parse(message.data) as typeof event;
    } catch {
      return;
    }
    if (!isEventName(event.name)) return;
    // Main checked the payload against the contract before sending it.
    for (const listener of [...(listeners.get(event.name) ?? [])]) listener(event.payload);
  };

  const open = (): void => {
    const current = new EventSource('/api/events');
    source = current;
    current.onopen = () => settle();
    current.onmessage = dispatch;
    current.onerror = () => {
      // EventSource retries a dropped connection itself, but not one the server refused (401,
      // a restart mid-handshake): start over after a pause.
      if (current.readyState !== EventSource.CLOSED) return;
      settle();
      if (reopenTimer) return;
      reopenTimer = setTimeout(() => {
        reopenTimer = undefined;
        if (source === current) open();
      }, REOPEN_MS);
    };
  };
  open();

  return {
    ready,
    subscribe(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
  };
}

export function createHttpWanApi(): WanApi {
  const events = createEventChannel();
  return {
    invoke<M extends InvokeMethod>(method: M, input: InvokeInput<M>): Promise<InvokeResult<M>> {
      if (!isInvokeMethod(method)) {
        return Promise.resolve(
          failure('internal', `Wan Studio has no method called ${JSON.stringify(String(method))}.`) as InvokeResult<M>,
        );
      }
      return events.ready.then(() => post(method, input)) as Promise<InvokeResult<M>>;
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      if (!isEventName(event)) {
        throw new TypeError(`Wan Studio has no event called ${JSON.stringify(String(event))}.`);
      }
      return events.subscribe(event, listener as Listener);
    },
  };
}

/** Fills `window.wan` over HTTP when no preload did (browser mode); the Electron app keeps its own. */
export function installHttpBridge(): void {
  if (typeof window === 'undefined' || window.wan !== undefined) return;
  window.wan = createHttpWanApi();
}
