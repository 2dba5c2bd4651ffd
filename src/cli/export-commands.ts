import path from 'node:path';
import type { ExportSelection } from '../shared/contract';
import {
  CONFLICT_POLICIES,
  EXPORT_FORMATS,
  EXPORT_LAYOUTS,
  type ExportOptionsInput,
  type ExportView,
} from '../shared/export-types';
import { checkTemplate, templateProblem } from '../shared/export-names';
import type { Locale } from '../shared/i18n-messages';
import { ExportEngine } from '../main/services/export/export-engine';
import { importFolder } from '../main/services/export/importer';
import { manifestFiles } from '../main/services/export/manifest';
import { GalleryRepository } from '../main/services/library/gallery-repository';
import { UsageError, toNumber, toSearch, toText, type CommandSpec, type Values } from './cli-command';
import type { CliContext } from './cli-context';

// `export` and `import`: the app's export engine and importer, driven from a terminal.

const oneOf = <T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined => {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} is ${allowed.join(', ')}.`);
  return value as T;
};

function selectionFrom(positionals: string[], v: Values): ExportSelection {
  const search = toSearch(v.search, '--search');
  const picked = [positionals.length > 0, search !== undefined, v.all === true].filter(Boolean).length;
  if (picked !== 1) throw new UsageError('export takes ids, or --search TEXT, or --all (one of them).');
  if (search !== undefined) return { kind: 'query', query: { search } };
  if (v.all === true) return { kind: 'query', query: {} };
  return { kind: 'generations', generationIds: positionals };
}

function optionsFrom(v: Values, locale: Locale): ExportOptionsInput {
  const to = toText(v.to, '--to');
  if (!to) throw new UsageError('export needs --to DIR, the folder to write into.');
  const template = toText(v.template, '--template');
  if (template !== undefined) {
    const check = checkTemplate(template);
    // The sentence the export dialog shows for the same template.
    if (!check.ok) throw new UsageError(`--template: ${templateProblem(check, locale)}`);
  }
  const quality = toNumber(v.quality, '--quality');
  if (quality !== undefined && (!Number.isInteger(quality) || quality < 1 || quality > 100))
    throw new UsageError('--quality is a whole number from 1 to 100.');
  return {
    destination: path.resolve(to),
    template,
    layout: oneOf(toText(v.layout, '--layout'), EXPORT_LAYOUTS, '--layout'),
    format: oneOf(toText(v.format, '--format'), EXPORT_FORMATS, '--format'),
    quality,
    isMetadataIncluded: v['no-metadata'] !== true,
    onConflict: oneOf(toText(v['on-conflict'], '--on-conflict'), CONFLICT_POLICIES, '--on-conflict'),
  };
}

const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function summary(view: ExportView): Promise<string> {
  const counts = `${view.done} written, ${view.skipped} skipped, ${view.failed} failed of ${view.total}`;
  switch (view.status) {
    case 'done': {
      const manifest = await manifestFiles(view.destination);
      const note = manifest.isRenamed
        ? ` (manifest.json/.csv there belong to another program and were left as they were)`
        : '';
      return `Exported to ${view.destination}: ${counts}, ${megabytes(view.bytes)}. Manifest: ${manifest.json}${note}`;
    }
    case 'canceled':
    case 'interrupted':
      return `Export ${view.id} stopped (${counts}); nothing partial was left. Resume: wan-studio export --resume ${view.id}`;
    default:
      return `Export ${view.id} failed (${counts}): ${view.error?.message ?? ''}${view.error?.detail ? ` (${view.error.detail})` : ''}`;
  }
}

/** Runs exports to their end with progress on a terminal; Ctrl-C stops cleanly (resumable). */
async function drive(ctx: CliContext, engine: ExportEngine, ids: string[], isJson: boolean): Promise<number> {
  const isTty = process.stderr.isTTY === true && !isJson;
  const off = engine.on((event) => {
    if (isTty && event.name === 'export.progressed')
      process.stderr.write(`\r\x1b[2Kexporting ${event.payload.done + event.payload.skipped}/${event.payload.total}`);
  });
  const onSignal = (): void => ids.forEach((id) => engine.cancel(id));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const views: ExportView[] = [];
  try {
    for (const id of ids) views.push(await engine.wait(id));
  } finally {
    off();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (isTty) process.stderr.write('\r\x1b[2K');
  }
  if (isJson) {
    const exports: unknown[] = [];
    for (const view of views)
      exports.push({
        ...view,
        manifest: view.status === 'done' ? (await manifestFiles(view.destination)).json : null,
        files: engine.repo.items(view.id).map((item) => ({
          file: item.finalPath ?? item.plannedPath,
          imageId: item.imageId,
          status: item.status,
          sha256: item.sha256,
          bytes: item.bytes,
          // A written item's note is a warning (its original no longer matches its record).
          error: item.status === 'done' ? null : item.error,
          warning: item.status === 'done' ? item.error : null,
        })),
      });
    process.stdout.write(`${JSON.stringify(exports.length === 1 ? { export: exports[0] } : { exports })}\n`);
  } else {
    for (const view of views) {
      process.stdout.write(`${await summary(view)}\n`);
      // Exported all the same; the person should know the original is not what was saved.
      for (const item of engine.repo.items(view.id))
        if (item.status === 'done' && item.error)
          process.stderr.write(`warning: ${item.finalPath ?? item.plannedPath}: ${item.error}\n`);
    }
    if (views.length === 0) process.stdout.write('No unfinished export to resume.\n');
  }
  void ctx;
  return views.some((v) => v.status !== 'done' || v.failed > 0) ? 1 : 0;
}

const exportSpec: CommandSpec = {
  options: {
    to: { type: 'string' },
    search: { type: 'string' },
    all: { type: 'boolean' },
    template: { type: 'string' },
    layout: { type: 'string' },
    format: { type: 'string' },
    quality: { type: 'string' },
    'no-metadata': { type: 'boolean' },
    'on-conflict': { type: 'string' },
    resume: { type: 'boolean' },
  },
  usage: [
    'export (<generation-or-image-id>... | --search TEXT | --all) --to DIR [--template T]',
    '       [--layout flat|date|generation|set] [--format png|jpeg|webp] [--quality Q]',
    '       [--no-metadata] [--on-conflict skip|rename|overwrite]',
    'export --resume [<export-id>]',
  ],
  run: async (positionals, v, ctx) => {
    const engine = new ExportEngine({ library: ctx.library, gallery: new GalleryRepository(ctx.library.db) });
    if (v.resume === true) {
      if (positionals.length > 1) throw new UsageError('export --resume takes at most one export id.');
      const ids =
        positionals.length === 1
          ? [engine.resume(positionals[0]!).id]
          : engine.resumeUnfinished({ isFailedIncluded: true });
      return drive(ctx, engine, ids, v.json === true);
    }
    const view = await engine.start(selectionFrom(positionals, v), optionsFrom(v, ctx.locale));
    return drive(ctx, engine, [view.id], v.json === true);
  },
};

const importSpec: CommandSpec = {
  options: {},
  usage: ['import DIR'],
  run: async (positionals, v, ctx) => {
    if (positionals.length !== 1) throw new UsageError('import takes one folder.');
    const isTty = process.stderr.isTTY === true && v.json !== true;
    const result = await importFolder(ctx.library, path.resolve(positionals[0]!), {
      onProgress: (done, total) => isTty && process.stderr.write(`\r\x1b[2Kimporting ${done}/${total}`),
    });
    if (isTty) process.stderr.write('\r\x1b[2K');
    if (v.json === true) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      process.stdout.write(
        `Imported from ${result.folder}: ${result.restored} with their prompt and seed, ${result.plain} plain, ${result.duplicates} already in the library, ${result.failed.length} failed.\n`,
      );
      for (const failure of result.failed) process.stderr.write(`${failure.file}: ${failure.message}\n`);
    }
    return result.failed.length > 0 ? 1 : 0;
  },
};

export const EXPORT_COMMANDS: Record<string, CommandSpec> = { export: exportSpec, import: importSpec };
