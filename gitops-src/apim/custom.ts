// The team-owned custom component of an env overlay (apps/apim/overlays/<env>/custom): patches in
// YAML that a team reviews and merges without touching envs/ or the generator (an annotation, a
// replica bound during an incident, an extra allowlist entry). Synth creates it once, empty, and
// never changes it; synth, the checks and the conformance report build the env with it, so a patch
// that breaks a rule fails the pull request with the check's message.
import { component, toYaml } from "../yaml";

export const CUSTOM_COMPONENT = "custom";

export function customComponent(): string {
  return (
    '# Patches of this env, owned by the team and reviewed in pull requests (README, "Changing an\n' +
    "# env's overlay by hand\"). List strategic-merge patch files that sit next to this file:\n" +
    "#   patches:\n" +
    "#     - path: gateway-public-replicas.yaml\n" +
    "# npm run synth creates this file once and never changes it; the checks judge the env with it.\n" +
    // (kustomize refuses a component with no field at all)
    toYaml(component({ patches: [] }))
  );
}
