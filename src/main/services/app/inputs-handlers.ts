import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isPaletteBalanced, type PaletteEntry } from '../../../shared/capabilities';
import { fieldMessage, type Locale } from '../../../shared/i18n-messages';
import { hasTwoDecimals } from '../../../shared/generation-request';
import type { InputView } from '../../../shared/inputs-contract';
import type { InputRecord } from '../inputs/input-repository';
import { InputService } from '../inputs/input-service';
import { paletteFromImage } from '../inputs/palette-from';
import { WanError } from '../wan-error';
import type { HandlerDeps, HandlerMap } from './app-types';

// Reference images and saved palettes (issue 10): the `inputs.*` and `palettes.*` methods.

type InputsMethods =
  | 'inputs.add'
  | 'inputs.fromImage'
  | 'inputs.get'
  | 'palettes.fromSource'
  | 'palettes.list'
  | 'palettes.save'
  | 'palettes.delete';

export function inputView(mediaUrl: (relPath: string) => string, input: InputRecord): InputView {
  return {
    sha256: input.sha256,
    mime: input.mime,
    width: input.width,
    height: input.height,
    bytes: input.bytes,
    url: mediaUrl(input.path),
    note: input.note,
  };
}

export function inputsHandlers(deps: HandlerDeps, locale: () => Locale): Pick<HandlerMap, InputsMethods> {
  const inputs = new InputService(deps.library);
  const view = (input: InputRecord): InputView => inputView(deps.options.mediaUrl, input);
  const sourceBytes = async (source: { kind: 'image'; imageId: string } | { kind: 'input'; sha256: string }) => {
    const rel =
      source.kind === 'image' ? deps.gallery.imagePath(source.imageId) : inputs.repo.getInput(source.sha256)?.path;
    if (!rel)
      throw new WanError('not_in_library', { detail: `no ${source.kind} to take a palette from`, isRetryable: false });
    return readFile(deps.library.store.absolute(rel)).catch((err: unknown) => {
      throw new WanError('disk', { detail: `${rel} cannot be read`, cause: err });
    });
  };

  return {
    'inputs.add': async ({ name, dataBase64 }) => {
      const bytes = Buffer.from(dataBase64, 'base64');
      return view(await inputs.add(bytes, name || 'file', locale()));
    },
    'inputs.fromImage': async ({ imageId }) => view(await inputs.fromImage(imageId, locale())),
    'inputs.get': ({ sha256 }) => view(inputs.get(sha256)),
    'palettes.fromSource': async ({ source, colors }) => ({
      entries: await paletteFromImage(await sourceBytes(source), colors),
    }),
    'palettes.list': () => inputs.repo.listPalettes(),
    'palettes.save': ({ id, name, entries }) => {
      checkPalette(entries, locale());
      const known = id ? inputs.repo.listPalettes().find((p) => p.id === id) : undefined;
      return inputs.repo.savePalette({
        id: id ?? `pal_${randomBytes(6).toString('hex')}`,
        name,
        entries: entries.map((e) => ({ hex: e.hex.toUpperCase(), ratio: e.ratio })),
        createdAt: known?.createdAt ?? Date.now(),
      });
    },
    'palettes.delete': ({ id }) => ({ isDeleted: inputs.repo.deletePalette(id) }),
  };
}

/** A saved palette obeys the rules a request's does: #RRGGBB colours, shares summing to 100 %. */
function checkPalette(entries: readonly PaletteEntry[], locale: Locale): void {
  const refuse = (detail: string): never => {
    throw new WanError('invalid_input', { field: 'palette', detail, isRetryable: false });
  };
  const bad = entries.find((e) => !/^#[0-9a-fA-F]{6}$/.test(e.hex));
  if (bad) refuse(fieldMessage('palette.hex', locale, { value: bad.hex }));
  if (entries.some((e) => !(e.ratio > 0) || !hasTwoDecimals(e.ratio))) refuse(fieldMessage('palette.ratio', locale));
  if (!isPaletteBalanced(entries)) {
    const sum = entries.reduce((a, e) => a + Math.round(e.ratio * 100), 0) / 100;
    refuse(fieldMessage('palette.sum', locale, { sum: sum.toFixed(2) }));
  }
}
