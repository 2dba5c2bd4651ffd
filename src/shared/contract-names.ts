// The contract's method and event names, without their schemas: the sandboxed preload checks
// names against these lists and so stays free of zod. contract.ts checks it covers every name.

export const INVOKE_METHODS = [
  'app.info',
  'settings.get',
  'settings.update',
  'profiles.list',
  'profiles.save',
  'profiles.delete',
  'profiles.test',
  'generation.start',
  'generation.cancel',
  'generation.rerun',
  'generation.lineage',
  'generation.retry',
  'generation.get',
  'generation.recent',
  'library.images',
  'library.count',
  'library.prompts',
  'image.setFavorite',
  'image.trash',
  'image.restore',
  'image.showInFolder',
  'image.tag',
  'library.tags',
  'library.emptyTrash',
  'library.import',
  'library.backup',
  'library.move',
  'app.pickFolder',
  'export.start',
  'export.preview',
  'export.cancel',
  'export.resume',
  'export.list',
  'export.openFolder',
  'app.openLogsFolder',
  'app.diagnostics',
  'thumbnails.status',
  'thumbnails.backfill',
  'inputs.add',
  'inputs.fromImage',
  'inputs.get',
  'palettes.fromSource',
  'palettes.list',
  'palettes.save',
  'palettes.delete',
  'batch.preview',
  'batch.start',
  'batch.list',
  'batch.get',
  'batch.rows',
  'batch.pause',
  'batch.resume',
  'batch.cancel',
  'batch.contactSheet',
  'templates.list',
  'templates.save',
  'templates.delete',
  'prices.list',
  'prices.set',
  'prices.reset',
  'usage.report',
  'prompts.history',
  'presets.list',
  'presets.save',
  'presets.delete',
] as const;
export type InvokeMethod = (typeof INVOKE_METHODS)[number];

export const EVENT_NAMES = [
  'generation.queued',
  'generation.waiting',
  'generation.submitted',
  'generation.progressed',
  'generation.downloading',
  'generation.finished',
  'generation.failed',
  'library.changed',
  'export.progressed',
  'export.finished',
  'library.progressed',
  'thumbnails.progressed',
  'batch.progressed',
] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/** The channels the Electron transport uses (preload and main/ipc share them). */
export const INVOKE_CHANNEL = 'wan:invoke';
export const EVENT_CHANNEL = 'wan:event';

export function isInvokeMethod(name: unknown): name is InvokeMethod {
  return typeof name === 'string' && (INVOKE_METHODS as readonly string[]).includes(name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);
}
