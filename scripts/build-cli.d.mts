// Types for what build-cli.mjs exports (the unit tests read its entry points).
export declare const ENTRY_POINTS: Record<string, string>;
export declare const EXTERNAL: string[];
export declare function buildCli(outdir?: string): Promise<void>;
