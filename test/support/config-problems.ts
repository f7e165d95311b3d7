// The problems validation reports for one env changed from an example: none, or each line.
import { EnvironmentInput } from "../../envs/schema";
import { ConfigError, validateEnvironments } from "../../envs/validate";

export function problemsOf(base: EnvironmentInput, mutate: (env: EnvironmentInput) => void): string[] {
  const env = structuredClone(base);
  mutate(env);
  try {
    validateEnvironments([env]);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return [...error.problems];
  }
}
