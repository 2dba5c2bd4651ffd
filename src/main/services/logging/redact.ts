import { scrubSecrets } from '../wan-error';

// What keeps keys (and prompts) out of log lines. Every line a logger writes passes through
// `formatLogLine`, so no call site has to remember: data objects are serialized first, with
// secret-looking fields dropped, and then the whole text is scrubbed of every key the process
// knows and of anything shaped like one.

/** The keys this process has seen: saved profiles' keys, WAN_API_KEY, --api-key, the simulator's. */
export type KnownSecrets = {
  add: (secret: string | undefined | null) => void;
  values: () => string[];
};

export function createKnownSecrets(initial: readonly (string | undefined | null)[] = []): KnownSecrets {
  const secrets = new Set<string>();
  const add = (secret: string | undefined | null): void => {
    const trimmed = secret?.trim();
    // Too short to be a key, and scrubbing it would shred ordinary words.
    if (trimmed && trimmed.length >= 4) secrets.add(trimmed);
  };
  for (const secret of initial) add(secret);
  // Longest first: a key that contains another is removed whole.
  return { add, values: () => [...secrets].sort((a, b) => b.length - a.length) };
}

/** Fields whose value is a credential whatever it looks like (headers, options, bodies). */
const SECRET_FIELD =
  /^(?:authorization|proxy-authorization|x-api-key|api[-_]?key|secret|password|passwd|token|access[-_]?token|cookie|set-cookie)$/i;
/** Fields holding a person's prompt: never written, only their length. */
const PROMPT_FIELD = /^(?:prompt|negative[-_]?prompt|revised[-_]?prompts?)$/i;

const REDACTED = '[redacted]';
const MAX_DEPTH = 6;
const MAX_TEXT = 8000;

/** Text that shows a credential in `name: value` or `name=value` form, e.g. a dumped header. */
const NAMED_SECRET =
  /\b(authorization|proxy-authorization|x-api-key|api[-_]?key|access[-_]?token|password)(["']?\s*[:=]\s*["']?)(?:(?:Bearer|Basic)\s+)?[^\s"',;&}]+/gi;

/** Removes known keys, bearer/basic tokens, `sk-…` keys and `api_key=…`-shaped values. */
export function redactText(text: string, secrets: readonly string[]): string {
  return scrubSecrets(text, secrets)
    .replace(NAMED_SECRET, (_m, name: string, sep: string) => `${name}${sep}${REDACTED}`)
    .replace(/\bBasic\s+[A-Za-z0-9+/=]{8,}/g, 'Basic ***')
    .replace(/(\/\/)[^/\s:@]+:[^/\s@]+@/g, '$1***@');
}

/** A log call's arguments as one line: strings as they are, anything else serialized, then scrubbed. */
export function formatLogLine(parts: readonly unknown[], secrets: readonly string[]): string {
  const text = parts.map((part) => (typeof part === 'string' ? part : serialize(part))).join(' ');
  const capped = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}… (${text.length} characters)` : text;
  return redactText(capped, secrets);
}

/** JSON-ish text of any value; errors keep their name, message, code, detail and stack. */
export function serialize(value: unknown): string {
  try {
    return JSON.stringify(plain(value, 0, new WeakSet())) ?? String(value);
  } catch {
    return '[unserializable]';
  }
}

function plain(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'function') return `[function ${value.name || 'anonymous'}]`;
    if (typeof value === 'symbol') return value.toString();
    return value;
  }
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[…]';
  seen.add(value);
  if (value instanceof Error) return errorFields(value, depth, seen);
  if (typeof Headers !== 'undefined' && value instanceof Headers)
    return plainObject(Object.fromEntries(value.entries()), depth, seen);
  if (value instanceof Map) return plainObject(Object.fromEntries(value), depth, seen);
  if (value instanceof Set) return [...value].map((item) => plain(item, depth + 1, seen));
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (Array.isArray(value)) return value.map((item) => plain(item, depth + 1, seen));
  return plainObject(value as Record<string, unknown>, depth, seen);
}

function plainObject(value: Record<string, unknown>, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (SECRET_FIELD.test(key)) out[key] = REDACTED;
    else if (PROMPT_FIELD.test(key)) out[key] = promptMark(field);
    else out[key] = plain(field, depth + 1, seen);
  }
  return out;
}

function promptMark(field: unknown): string {
  if (typeof field === 'string') return `[prompt, ${field.length} characters]`;
  if (Array.isArray(field)) return `[${field.length} prompts]`;
  return '[prompt]';
}

function errorFields(error: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = { name: error.name, message: error.message };
  for (const key of ['code', 'detail', 'httpStatus', 'upstreamCode', 'path'] as const) {
    const field = (error as unknown as Record<string, unknown>)[key];
    if (field !== undefined) out[key] = plain(field, depth + 1, seen);
  }
  if (error.stack) out.stack = error.stack;
  if (error.cause !== undefined) out.cause = plain(error.cause, depth + 1, seen);
  return out;
}

/**
 * Log lines without the given prompts (for diagnostics shared with others): each prompt's text
 * becomes `[prompt]`. Best effort by nature: the app never logs a prompt itself, but an upstream
 * error message may quote one.
 */
export function removePrompts(lines: readonly string[], prompts: readonly string[]): string[] {
  // Longest first, so a prompt that contains another is removed whole; very short ones would
  // blank out ordinary words.
  const trimmed = prompts.map((p) => p.trim()).filter((p) => p.length >= 3);
  // Data fields are written as JSON, where a quote or a line break in a prompt is escaped.
  const escaped = trimmed.map((p) => JSON.stringify(p).slice(1, -1));
  const wanted = [...new Set([...trimmed, ...escaped])].sort((a, b) => b.length - a.length);
  return lines.map((line) => wanted.reduce((out, prompt) => out.split(prompt).join('[prompt]'), line));
}
