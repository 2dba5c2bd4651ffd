import type { Locale } from '../../../shared/i18n-messages';
import { toWanError } from '../wan-error';
import type { HandlerDeps, HandlerMap } from './app-types';
import { profileFieldsToSave } from './profile-fields';
import type { ProviderRegistry } from './provider-registry';
import { newProfileId, type SettingsRepository } from './settings-repository';

// `settings.*` and `profiles.*`: preferences and gateway profiles. Keys go to the secret store,
// never to the database.

type SettingsMethods =
  'settings.get' | 'settings.update' | 'profiles.list' | 'profiles.save' | 'profiles.delete' | 'profiles.test';

export type SettingsDeps = { settings: SettingsRepository; registry: ProviderRegistry; locale: () => Locale };

export function settingsHandlers(
  { options }: HandlerDeps,
  { settings, registry, locale }: SettingsDeps,
): Pick<HandlerMap, SettingsMethods> {
  return {
    'settings.get': () => settings.get(),
    'settings.update': (patch) => settings.update(patch),
    'profiles.list': () => registry.views(),
    'profiles.save': (input) => {
      const saved = input.id ? settings.profiles().find((p) => p.id === input.id) : undefined;
      const fields = profileFieldsToSave(input, saved, locale());
      // The key first: if the secret store refuses it (no OS keyring), nothing is half saved.
      const id = input.id ?? newProfileId();
      if (input.apiKey === '') options.secrets.delete(id);
      else if (input.apiKey !== undefined) options.secrets.set(id, input.apiKey.trim());
      settings.saveProfile({ id, name: input.name, ...fields });
      return registry.view(id);
    },
    'profiles.delete': ({ id }) => {
      const isDeleted = settings.deleteProfile(id);
      if (isDeleted) options.secrets.delete(id);
      if (settings.get().activeProfileId === id) settings.update({ activeProfileId: null });
      return { isDeleted };
    },
    'profiles.test': async ({ id }) => {
      const started = Date.now();
      try {
        const { models, notes } = await registry.clientFor(registry.resolve(id)).testConnection();
        return { isOk: true, latencyMs: Date.now() - started, models, notes, error: null };
      } catch (err) {
        const error = toWanError(err).toValue();
        return { isOk: false, latencyMs: Date.now() - started, models: [], notes: [], error };
      }
    },
  };
}
