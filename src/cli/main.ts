import { readFileSync } from 'node:fs';
import nodeModule from 'node:module';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DASHSCOPE_REGIONS, PROVIDER_KINDS, type DashScopeRegion, type ProviderKind } from '../shared/capabilities';
import { BUILT_MANIFEST } from './built-manifest';
import { UsageError, isUsageError, reportUsageError, toNumber, type Values } from './cli-command';
import type { GlobalFlags } from './cli-context';
import { collectManifest, type CommandManifest } from './command-groups';

// The dispatcher: reads the command line and loads only what the command needs (cli-run.ts and
// the command's group). `--help`, `--version` and refused arguments load no command, no sharp,
// no job engine and open no library; test/integration/cli-lazy.test.ts holds it to that.

function usage(manifest: CommandManifest): string {
  const lines = Object.values(manifest)
    .flatMap((entry) => entry.usage)
    .map((line) => `  ${line}`);
  return `Usage: wan-studio <command> [options]

Commands:
${lines.join('\n')}

Everywhere: --home DIR (or WAN_STUDIO_HOME), --base-url URL (or WAN_BASE_URL),
            --api-key KEY (or WAN_API_KEY), --log FILE (or WAN_LOG), --json
Provider:   --provider-kind openai|dashscope (or WAN_PROVIDER_KIND; default openai)
            --region beijing|singapore (or WAN_REGION; dashscope only, default beijing)
            --base-url is the API root of that kind: .../v1 for openai, .../api/v1 for dashscope
Jobs:       --queue-timeout MINUTES  how long a create waits for a free slot (default 30)
Also:       --version`;
}

const GLOBAL_OPTIONS = {
  home: { type: 'string' },
  'base-url': { type: 'string' },
  'provider-kind': { type: 'string' },
  region: { type: 'string' },
  'api-key': { type: 'string' },
  log: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  'queue-timeout': { type: 'string' },
} satisfies ParseArgsConfig['options'];

/** --provider-kind and --region (or their environment variables), refused with exit 2 when unknown. */
function providerFlags(
  kindFlag: string | undefined,
  regionFlag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Pick<GlobalFlags, 'providerKind' | 'region'> {
  const kind = kindFlag ?? (env.WAN_PROVIDER_KIND || undefined);
  const region = regionFlag ?? (env.WAN_REGION || undefined);
  if (kind !== undefined && !(PROVIDER_KINDS as readonly string[]).includes(kind))
    throw new UsageError(`--provider-kind is ${PROVIDER_KINDS.join(' or ')}, not "${kind}".`);
  if (region !== undefined && !Object.hasOwn(DASHSCOPE_REGIONS, region))
    throw new UsageError(`--region is ${Object.keys(DASHSCOPE_REGIONS).join(' or ')}, not "${region}".`);
  if (region !== undefined && kind !== 'dashscope')
    throw new UsageError('--region applies to --provider-kind dashscope only.');
  return { providerKind: kind as ProviderKind | undefined, region: region as DashScopeRegion | undefined };
}

/** The app's version: package.json sits two folders up from src/cli and from out/cli alike. */
function version(): string {
  const file = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/**
 * Node 22.1+ (the packaged app's Electron runtime) keeps V8's compiled code of the chunks a command
 * loads on disk, so the next start skips most of their parsing; Node 20 has no such cache.
 */
function enableCompileCache(): void {
  const enable = (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache;
  try {
    enable?.();
  } catch {
    // A read-only temp folder: start without the cache.
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  enableCompileCache();
  const command = argv[0];
  if (command === '--version' || command === '-v' || command === 'version') {
    process.stdout.write(`wan-studio ${version()}\n`);
    return 0;
  }
  // Collected at build time in the bundle; from source (tsx) every group loads to collect it.
  const manifest = BUILT_MANIFEST ?? (await collectManifest());
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${usage(manifest)}\n`);
    return command ? 0 : 2;
  }
  const entry = Object.hasOwn(manifest, command) ? manifest[command] : undefined;
  if (!entry) {
    process.stderr.write(`Unknown command "${command}".\n\n${usage(manifest)}\n`);
    return 2;
  }
  const isJson = argv.includes('--json');
  let values: Values;
  let positionals: string[];
  let flags: Omit<GlobalFlags, 'home'> = {};
  try {
    ({ values, positionals } = parseArgs({
      args: argv.slice(1),
      options: { ...GLOBAL_OPTIONS, ...entry.options },
      allowPositionals: true,
      strict: true,
    }));
    if (values.help) {
      process.stdout.write(`${usage(manifest)}\n`);
      return 0;
    }
    if (!entry.onFolder) {
      const queueTimeout = toNumber(values['queue-timeout'], '--queue-timeout');
      if (queueTimeout !== undefined && !(Number.isInteger(queueTimeout) && queueTimeout >= 1 && queueTimeout <= 1440))
        throw new UsageError('--queue-timeout is a whole number of minutes from 1 to 1440.');
      const text = (name: string): string | undefined =>
        typeof values[name] === 'string' ? (values[name] as string) : undefined;
      flags = {
        ...providerFlags(text('provider-kind'), text('region')),
        baseUrl: text('base-url'),
        apiKey: text('api-key'),
        log: text('log'),
        queueTimeoutMs: queueTimeout === undefined ? undefined : queueTimeout * 60_000,
      };
    }
  } catch (err) {
    if (isUsageError(err)) return reportUsageError(err, isJson);
    throw err;
  }
  const { runCommand } = await import('./cli-run');
  return runCommand({ command, entry, positionals, values, flags });
}

process.exitCode = await main(process.argv.slice(2));
