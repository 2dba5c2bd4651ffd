import type { SecretStore } from '../app/app-types';
import type { KnownSecrets } from './redact';

/**
 * The secret store, telling `known` of every key it hands out or takes in, so the logger scrubs
 * the keys of all profiles: each one is read at start (resuming jobs, listing profiles) and a new
 * one as it is saved, before any request could make an upstream echo it.
 */
export function rememberingSecrets(store: SecretStore, known: KnownSecrets): SecretStore {
  return {
    get: (profileId) => {
      const secret = store.get(profileId);
      known.add(secret);
      return secret;
    },
    set: (profileId, secret) => {
      known.add(secret);
      store.set(profileId, secret);
    },
    delete: (profileId) => store.delete(profileId),
  };
}
