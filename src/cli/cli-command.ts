import type { ParseArgsConfig } from 'node:util';
import type { Locale } from '../shared/i18n-messages';
import { describeProblem, parseSearch } from '../shared/search-syntax';
import type { CliContext } from './cli-context';

// What a group of CLI commands provides to main.ts: its flags, its usage lines and its runner.

export type Values = Record<string, string | boolean | undefined>;

export type CommandSpec = {
  options: NonNullable<ParseArgsConfig['options']>;
  /** Usage lines, without the leading two spaces. */
  usage: string[];
  run: (positionals: string[], values: Values, ctx: CliContext) => Promise<number>;
  /** Refuses bad arguments (a UsageError) before the library opens; `run` may check them again. */
  check?: (positionals: string[], values: Values) => void;
  /**
   * Set for commands that must work on a library that does not open (restore, rebuild): main.ts
   * then calls this with the library folder instead of opening it and calling `run`.
   */
  runOnFolder?: (positionals: string[], values: Values, place: { home: string; locale: Locale }) => Promise<number>;
};

/** Exit codes: 0 done, 1 a generation (or export) failed, 2 the command or its input was refused. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly code: 'usage' | 'invalid_request' = 'usage',
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

export const toNumber = (value: string | boolean | undefined, flag: string): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(n))
    throw new UsageError(`${flag} takes a number, not "${String(value)}".`);
  return n;
};

/** A string flag's value, or undefined; a boolean where a value was needed is refused. */
export const toText = (value: string | boolean | undefined, flag: string): string | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new UsageError(`${flag} takes a value.`);
  return value;
};

/**
 * A `--search` value, refused (exit 2) when a filter in it cannot be read (`seed:abc`): the app
 * would show that filter as an error chip and leave it out, but a script should learn at once.
 */
export const toSearch = (value: string | boolean | undefined, flag: string): string | undefined => {
  const text = toText(value, flag);
  const problems = text === undefined ? [] : parseSearch(text).problems;
  if (problems.length > 0)
    throw new UsageError(`${flag}: ${problems.map((p) => `${p.raw}: ${describeProblem(p, 'en')}`).join('; ')}.`);
  return text;
};

/** A refused command line (a UsageError or parseArgs's own): one line on stderr, the --json object, exit 2. */
export function reportUsageError(err: unknown, isJson: boolean): number {
  const message = (err as Error).message.replace(/\s*\n\s*/g, ' ');
  const code = err instanceof UsageError ? err.code : 'usage';
  const field = err instanceof UsageError ? err.field : null;
  process.stderr.write(`${message}\n`);
  if (isJson)
    process.stdout.write(`${JSON.stringify({ generation: null, images: [], error: { code, message, field } })}\n`);
  return 2;
}

export const isUsageError = (err: unknown): boolean =>
  err instanceof UsageError ||
  ((err as { code?: unknown })?.code as string | undefined)?.startsWith?.('ERR_PARSE_ARGS') === true;
