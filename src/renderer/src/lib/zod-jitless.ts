import { z } from 'zod';

// The CSP allows no eval. Without this, zod probes `new Function('')` on its first object parse,
// which Chromium reports as a script-src violation (zod then falls back to this same path).
// Imported first by main.tsx: modules that parse while they load run before main's own body.
z.config({ jitless: true });
