import { create } from 'zustand';
import type { ProfileView, Settings } from '../../../shared/contract';
import type { ErrorValue } from '../../../shared/errors';
import type { KindedProfileSave } from '../features/studio/inputs-api';
import { BridgeError, call } from '../lib/wan';
import type { AppInfo } from './app-selectors';

// What the whole renderer shares from main: app info, settings and provider profiles.

type AppState = {
  info: AppInfo | null;
  settings: Settings | null;
  profiles: ProfileView[];
  isLoaded: boolean;
  loadError: ErrorValue | null;
  load: () => Promise<void>;
  updateSettings: (patch: Partial<Settings>) => Promise<void>;
  refreshProfiles: () => Promise<void>;
  saveProfile: (input: KindedProfileSave) => Promise<ProfileView>;
  deleteProfile: (id: string) => Promise<void>;
};

export function toErrorValue(err: unknown): ErrorValue {
  if (err instanceof BridgeError) return err.error;
  return { code: 'internal', message: err instanceof Error ? err.message : String(err), isRetryable: true };
}

export const useAppStore = create<AppState>((set, get) => ({
  info: null,
  settings: null,
  profiles: [],
  isLoaded: false,
  loadError: null,

  load: async () => {
    try {
      const [info, settings, profiles] = await Promise.all([
        call('app.info', undefined),
        call('settings.get', undefined),
        call('profiles.list', undefined),
      ]);
      set({ info, settings, profiles, isLoaded: true, loadError: null });
    } catch (err) {
      set({ loadError: toErrorValue(err) });
    }
  },

  updateSettings: async (patch) => {
    const previous = get().settings;
    // Optimistic, so a switch or select answers at once; main's answer is the truth.
    if (previous) set({ settings: { ...previous, ...patch } });
    try {
      set({ settings: await call('settings.update', patch) });
    } catch (err) {
      set({ settings: previous });
      throw err;
    }
  },

  refreshProfiles: async () => {
    set({ profiles: await call('profiles.list', undefined) });
  },

  saveProfile: async (input) => {
    const saved = await call('profiles.save', input);
    await get().refreshProfiles();
    return saved;
  },

  deleteProfile: async (id) => {
    await call('profiles.delete', { id });
    // Main clears activeProfileId when the active profile goes; re-read rather than guess.
    const [settings, profiles] = await Promise.all([call('settings.get', undefined), call('profiles.list', undefined)]);
    set({ settings, profiles });
  },
}));
