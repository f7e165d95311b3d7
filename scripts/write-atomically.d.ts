// Types of scripts/write-atomically.js (plain JavaScript: the launchers load it before any transpiler).
export declare function writeAtomically(file: string, content: string | Uint8Array): void;
