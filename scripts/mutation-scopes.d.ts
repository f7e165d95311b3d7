// Types of scripts/mutation-scopes.js (plain JavaScript: stryker.config.mjs loads it too).
export declare const SCOPES: Readonly<Record<string, (file: string) => boolean>>;
export declare function filesOf(scope: string, root?: string): string[];
export declare const CHECK_FILES: RegExp;
