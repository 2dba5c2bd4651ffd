// Types for what electron-native.mjs exports (the unit tests import its naming).
export declare const NATIVE_CACHE_DIR: string;
export declare const NATIVE_BINDING_FILE: string;
export declare function nativeBuildName(target: { electronVersion: string; platform: string; arch: string }): string;
export declare function main(argv?: string[]): number;
