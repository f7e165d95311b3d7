// Synthesizes every stack of every env into an output directory.
import { App, TerraformStack } from "cdktf";
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

/**
 * Calls `listener` once every stack of the env is written, while the other envs' stacks are still
 * being synthesized: a caller on another thread can read them meanwhile (main.ts checks each env's
 * Terraform as soon as it is there). cdktf writes each stack through its synthesizer, a public
 * property of the stack.
 */
function reportWhenWritten(
  env: EnvironmentConfig,
  stacks: readonly TerraformStack[],
  listener: EnvStacksListener,
) {
  let pending = stacks.length;
  const written: EnvStacksWritten = { env: env.name, stacks: stacks.map((s) => s.node.id) };
  for (const stack of stacks) {
    const own = stack.synthesizer;
    stack.synthesizer = {
      synthesize: (session) => {
        own.synthesize(session);
        if (--pending === 0) listener(written);
      },
    };
  }
}

export function synthesize(
  envs: readonly EnvironmentConfig[],
  outdir?: string,
  onEnvWritten?: EnvStacksListener,
): string {
  skipTokenStackTraces();
  // Without an outdir, cdktf reads CDKTF_OUTDIR (set by the cdktf CLI).
  const app = new App({ ...(outdir ? { outdir } : {}) });
  for (const env of envs) {
    const stacks = addEnvironmentStacks(app, env);
    if (onEnvWritten) reportWhenWritten(env, stacks, onEnvWritten);
  }
  app.synth();
  return app.outdir;
}
