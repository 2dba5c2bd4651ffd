import os from 'node:os';
import { redactText, removePrompts } from '../logging/redact';
import type { HandlerDeps, HandlerMap } from './app-types';
import { DiagnosticsRepository, type LibraryCounts, type RecentFailure } from './diagnostics-repository';
import type { ProviderRegistry } from './provider-registry';
import type { SettingsRepository } from './settings-repository';

// Settings → "Open logs folder" and "Copy diagnostics". The report is built in main, where the
// keys are, and scrubbed there: the renderer only ever gets text that is safe to paste anywhere.

type DiagnosticsMethods = 'app.openLogsFolder' | 'app.diagnostics';

export const DIAGNOSTIC_LOG_LINES = 200;
const RECENT_FAILURES = 10;
/** Prompts taken out of a report: the newest generations', where an echo in a log line is likely. */
const PROMPTS_SCANNED = 2000;

export type DiagnosticsDeps = { settings: SettingsRepository; registry: ProviderRegistry };

export function diagnosticsHandlers(deps: HandlerDeps, more: DiagnosticsDeps): Pick<HandlerMap, DiagnosticsMethods> {
  const repo = new DiagnosticsRepository(deps.library.db);
  const { options } = deps;
  return {
    'app.openLogsFolder': async () => {
      const folder = options.logFiles?.folder ?? null;
      // Browser mode cannot open a folder on this machine's desktop: the renderer shows the path.
      const isOpened = folder !== null && options.openFolder ? await options.openFolder(folder) : false;
      return { isOpened, folder };
    },
    'app.diagnostics': ({ isPromptIncluded }) => {
      const logLines = options.logFiles?.recentLines(DIAGNOSTIC_LOG_LINES) ?? [];
      const report = [
        ...header(deps, repo.counts()),
        ...profileLines(more),
        ...failureLines(repo.recentFailures(RECENT_FAILURES), isPromptIncluded),
        '',
        `Last ${logLines.length} log lines${isPromptIncluded ? '' : ' (prompts removed)'}:`,
        ...logLines,
      ].join('\n');
      const withoutPrompts = isPromptIncluded
        ? report
        : (removePrompts([report], repo.recentPrompts(PROMPTS_SCANNED))[0] ?? '');
      return { text: redactText(withoutPrompts, more.registry.keys()), logLines: logLines.length };
    },
  };
}

function header({ library, options }: HandlerDeps, counts: LibraryCounts): string[] {
  const versions = process.versions as NodeJS.ProcessVersions & { electron?: string; chrome?: string };
  const runtime = [
    versions.electron ? `Electron ${versions.electron}` : null,
    versions.chrome ? `Chrome ${versions.chrome}` : null,
    `Node ${versions.node}`,
  ].filter(Boolean);
  const listed = (entries: Record<string, number>): string =>
    Object.entries(entries)
      .map(([status, count]) => `${status} ${count}`)
      .join(', ') || 'none';
  return [
    `Wan Studio diagnostics, ${new Date().toISOString()}`,
    `App: Wan Studio ${options.version} (${options.host === 'electron' ? 'desktop app' : 'browser mode'})`,
    `OS: ${os.type()} ${os.release()} (${process.platform} ${process.arch})`,
    `Runtime: ${runtime.join(', ')}`,
    `Locale: ${options.systemLocale}`,
    `Library: ${library.home} (schema ${counts.schema})`,
    `  generations: ${listed(counts.generations)}`,
    `  images: ${counts.images} live, ${counts.trashed} in the trash, ${counts.bytes} bytes`,
    `  exports: ${listed(counts.exports)}`,
    `Logs: ${options.logFiles?.file ?? 'not kept by this host'}`,
  ];
}

/** Settings hold no secret; profiles are named with their gateway and whether a key is saved, no more. */
function profileLines({ settings, registry }: DiagnosticsDeps): string[] {
  const current = settings.get();
  return [
    `Settings: ${JSON.stringify(current)}`,
    'Profiles:',
    ...registry
      .views()
      .map(
        (p) =>
          `  - ${p.id}: ${JSON.stringify(p.name)} ${p.baseUrl} hasKey=${p.hasKey}${p.isSimulator ? ' (simulator)' : ''}${p.id === current.activeProfileId ? ' (active)' : ''}`,
      ),
  ];
}

function failureLines(failures: readonly RecentFailure[], isPromptIncluded: boolean): string[] {
  if (failures.length === 0) return ['Recent failures: none'];
  return [
    `Recent failures${isPromptIncluded ? '' : ' (prompts left out)'}:`,
    ...failures.map((f) => {
      const error = [f.errorCode, f.errorMessage, f.errorDetail && `(${f.errorDetail})`].filter(Boolean).join(' ');
      const prompt = isPromptIncluded ? ` prompt=${JSON.stringify(f.prompt)}` : '';
      return `  - ${f.id} ${new Date(f.createdAt).toISOString()} ${f.status} ${f.model} ${f.size} n=${f.n}: ${error}${prompt}`;
    }),
  ];
}
