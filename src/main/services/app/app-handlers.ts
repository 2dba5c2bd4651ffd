import { resolveLocale } from '../../../shared/i18n-messages';
import type { HandlerDeps, HandlerMap } from './app-types';

// `app.info`: what the renderer shows about the app and the library in use.

export function appHandlers({ library, options }: HandlerDeps): Pick<HandlerMap, 'app.info'> {
  return {
    'app.info': () => ({
      name: 'Wan Studio',
      version: options.version,
      systemLocale: resolveLocale(options.systemLocale),
      libraryPath: library.home,
      host: options.host,
    }),
  };
}
