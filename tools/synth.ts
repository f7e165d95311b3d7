// Synthesizes every stack of every env into an output directory.
import { App, type StackManifest } from "cdktf";
import { EnvironmentConfig } from "../envs/schema";
import { addEnvironmentStacks } from "../stacks";

/**
 * cdktf records a full stack trace for every token it creates, only to enrich the message of a
 * token that fails to resolve; with ~500 resources per env that was a third of synth's time
 * (npm run bench). APIM_TOKEN_TRACES=1 keeps them for debugging such an error.
 */
function skipTokenStackTraces(): void {
  if (process.env.APIM_TOKEN_TRACES === "1") return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- patching cdktf's internal module object
  const stackTrace = require("cdktf/lib/tokens/private/stack-trace") as { captureStackTrace: () => string[] };
  stackTrace.captureStackTrace = () => [];
}

/** One env's stacks, all written to the output folder. */
export interface EnvStacksWritten {
  readonly env: string;
  /** The stacks' names, as folders under stacks/ of the output folder. */
  readonly stacks: readonly string[];
}

export type EnvStacksListener = (written: EnvStacksWritten) => void;

export function synthesize(
  envs: readonly EnvironmentConfig[],
  outdir?: string,
  onEnvWritten?: EnvStacksListener,
): string {
  skipTokenStackTraces();
  // One App per env, synthesized in turn: an env's stacks reference only each other, and each env
  // is written, and announced, before the next is built (main.ts checks it meanwhile). Each App
  // writes cdktf's manifest.json; it lists the stacks of the envs before it too, so the last one
  // lists every stack, as a single App's would.
  // Without an outdir, cdktf reads CDKTF_OUTDIR (set by the cdktf CLI).
  const newApp = () => new App({ ...(outdir ? { outdir } : {}) });
  const listed: Record<string, StackManifest> = {};
  let app: App | undefined;
  for (const env of envs) {
    app = newApp();
    const stacks = addEnvironmentStacks(app, env);
    Object.assign(app.manifest.stacks, listed);
    app.synth();
    Object.assign(listed, app.manifest.stacks);
    onEnvWritten?.({ env: env.name, stacks: stacks.map((s) => s.node.id) });
  }
  if (!app) {
    app = newApp(); // no env: an empty manifest, as a single App writes it
    app.synth();
  }
  return app.outdir;
}
