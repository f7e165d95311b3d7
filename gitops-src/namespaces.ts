// Namespaces with Pod Security admission labels (K4 of SECU-3, K11): enforce, audit and warn at
// one level, pinned to a version. A level below "restricted" must say why.
import { Manifest } from "./yaml";

/** The load balancer controller injects its readiness gate into pods of a namespace so labelled:
 * a rollout waits until each new pod is a healthy ALB target (K8S-14). */
export const READINESS_GATE_INJECTION = { "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled" } as const;

/** Pod Security admission version the labels pin. */
export const POD_SECURITY_VERSION = "v1.33";

export function namespace(
  name: string,
  level: "restricted" | "baseline" | "privileged",
  reason?: string,
  extraLabels: Readonly<Record<string, string>> = {},
): Manifest {
  if (level !== "restricted" && !reason)
    throw new Error(`namespace ${name}: a ${level} Pod Security level needs a reason`);
  const labels: Record<string, string> = { ...extraLabels };
  for (const mode of ["enforce", "audit", "warn"]) {
    labels[`pod-security.kubernetes.io/${mode}`] = level;
    labels[`pod-security.kubernetes.io/${mode}-version`] = POD_SECURITY_VERSION;
  }
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name,
      labels,
      ...(reason ? { annotations: { "apim.axway.com/pod-security-reason": reason } } : {}),
    },
  };
}
