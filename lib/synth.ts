// Synthesizes every stack of every env into an output directory.
import { App } from "cdktf";
import { EnvironmentConfig } from "../envs/schema";
import { addEnvironmentStacks } from "../stacks";

export function synthesize(envs: readonly EnvironmentConfig[], outdir?: string): string {
  // Without an outdir, cdktf reads CDKTF_OUTDIR (set by the cdktf CLI).
  const app = new App({ ...(outdir ? { outdir } : {}) });
  for (const env of envs) addEnvironmentStacks(app, env);
  app.synth();
  return app.outdir;
}
