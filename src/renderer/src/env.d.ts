/// <reference types="vite/client" />
import type { WanApi } from '../../shared/contract';

declare global {
  // An interface, not a type: only interfaces merge into the DOM's Window.
  interface Window {
    wan: WanApi;
  }
}

export {};
