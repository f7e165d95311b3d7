// The problems validation reports for one env changed from an example: none, or each line.
import { EnvironmentInput } from "../../envs/schema";
import { ConfigError, validateEnvironments } from "../../envs/validate";

/** A copy of an example env with one change. */
export function variant(base: EnvironmentInput, mutate: (env: EnvironmentInput) => void): EnvironmentInput {
  const env = structuredClone(base);
  mutate(env);
  return env;
}

/** The ConfigError validation throws for these inputs; none thrown fails the test. */
export function configErrorOf(inputs: readonly unknown[]): ConfigError {
  try {
    validateEnvironments(inputs);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error;
  }
  throw new Error("expected a ConfigError");
}

export function problemsOf(base: EnvironmentInput, mutate: (env: EnvironmentInput) => void): string[] {
  try {
    validateEnvironments([variant(base, mutate)]);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return [...error.problems];
  }
}
