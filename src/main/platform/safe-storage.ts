import { safeStorage } from 'electron';
import type { SecretCipher } from './secret-store';

// Electron's safeStorage as the secret store's cipher: Keychain on macOS, DPAPI on Windows, the
// Secret Service or KWallet on Linux. Only valid after the app is ready.
//
// The synchronous calls are deprecated in Electron 45 in favour of the *Async ones, but SecretStore
// is synchronous; blobs written by encryptString stay readable by decryptStringAsync, so moving
// over later needs no migration of secrets.json.

export function safeStorageCipher(platform: NodeJS.Platform = process.platform): SecretCipher {
  return {
    unavailableReason() {
      if (!safeStorage.isEncryptionAvailable()) return 'This system offers no encryption for saved secrets.';
      // Without a keyring Chromium falls back to "basic_text": encryption with a key built into
      // every copy of Chromium, which protects nothing.
      if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
        return 'No keyring (Secret Service or KWallet) is running.';
      }
      return undefined;
    },
    encrypt: (plainText) => safeStorage.encryptString(plainText),
    decrypt: (encrypted) => safeStorage.decryptString(encrypted),
  };
}
