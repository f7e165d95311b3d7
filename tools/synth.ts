// Synthesizes every stack of every env into an output directory.
import { App } from "cdktf";
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

export function synthesize(envs: readonly EnvironmentConfig[], outdir?: string): string {
  skipTokenStackTraces();
  // Without an outdir, cdktf reads CDKTF_OUTDIR (set by the cdktf CLI).
  const app = new App({ ...(outdir ? { outdir } : {}) });
  for (const env of envs) addEnvironmentStacks(app, env);
  app.synth();
  return app.outdir;
}
