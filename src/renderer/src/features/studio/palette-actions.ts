import { create } from 'zustand';
import { PALETTE_LIMITS } from '../../../../shared/capabilities';
import { describeError } from '../../../../shared/errors';
import type { SavedPalette } from '../../../../shared/inputs-contract';
import { toErrorValue } from '../../app/app-store';
import { showToast } from '../../components/toast-store';
import { translate, useLocaleStore } from '../../lib/i18n';
import { call } from '../../lib/wan';
import { referenceStrings } from './reference-strings';
import { useStudioStore } from './studio-store';

// "Palette from image" and saved, named palettes (palettes.*). The palette itself lives in the
// studio form; this keeps only what main lists and what is in flight.

type PaletteSource = { kind: 'image'; imageId: string } | { kind: 'input'; sha256: string };

type PaletteState = {
  saved: SavedPalette[];
  loadError: string | null;
  isExtracting: boolean;
  extractError: string | null;
};

export const usePaletteStore = create<PaletteState>(() => ({
  saved: [],
  loadError: null,
  isExtracting: false,
  extractError: null,
}));

const say = (key: keyof typeof referenceStrings, params?: Record<string, string | number>): string =>
  translate(referenceStrings, key, params);
const reason = (error: unknown): string => describeError(toErrorValue(error), useLocaleStore.getState().locale);

/** Keeps as many colours as the editor shows (5 when starting fresh), within 3–10. */
function colourCount(): number {
  const current = useStudioStore.getState().palette.length;
  return Math.min(Math.max(current || 5, PALETTE_LIMITS.minColors), PALETTE_LIMITS.maxColors);
}

export async function paletteFromSource(source: PaletteSource): Promise<boolean> {
  usePaletteStore.setState({ isExtracting: true, extractError: null });
  try {
    const { entries } = await call('palettes.fromSource', { source, colors: colourCount() });
    useStudioStore.getState().setPalette(entries.map((e) => ({ hex: e.hex.toUpperCase(), ratio: e.ratio })));
    usePaletteStore.setState({ isExtracting: false });
    return true;
  } catch (error) {
    usePaletteStore.setState({ isExtracting: false, extractError: say('extractFailed', { reason: reason(error) }) });
    return false;
  }
}

/** From the gallery: the image's palette becomes the studio's (the person stays where they are). */
export async function takePaletteFromImage(imageId: string): Promise<void> {
  if (await paletteFromSource({ kind: 'image', imageId })) showToast('success', say('paletteTaken'));
  else showToast('error', usePaletteStore.getState().extractError ?? '');
}

export async function loadSavedPalettes(): Promise<void> {
  try {
    usePaletteStore.setState({ saved: await call('palettes.list', undefined), loadError: null });
  } catch (error) {
    usePaletteStore.setState({ loadError: say('savedFailed', { reason: reason(error) }) });
  }
}

export async function savePalette(name: string): Promise<boolean> {
  const entries = useStudioStore.getState().palette;
  try {
    const saved = await call('palettes.save', { name, entries });
    usePaletteStore.setState((s) => ({ saved: [saved, ...s.saved.filter((p) => p.id !== saved.id)] }));
    showToast('success', say('paletteSaved', { name: saved.name }));
    return true;
  } catch (error) {
    showToast('error', reason(error));
    return false;
  }
}

export async function deleteSavedPalette(id: string): Promise<void> {
  try {
    await call('palettes.delete', { id });
    usePaletteStore.setState((s) => ({ saved: s.saved.filter((p) => p.id !== id) }));
  } catch (error) {
    showToast('error', reason(error));
  }
}
