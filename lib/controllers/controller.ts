// What an in-cluster controller is, as one unit (the way EKS Blueprints keeps an add-on in one
// folder): where it runs, how it is installed (a pinned chart Flux installs with our values, or an
// EKS add-on), the Pod Security level of the namespace it owns, and what it may do in AWS with the
// upstream reference policy that is checked against. One module per controller in this folder;
// index.ts lists them, and the cluster stack and the gitops generator loop over that list.
import { PolicyStatement } from "../iam-policy";
import { Narrowing, ReferencePolicy } from "../policies/reference/types";

/** A Kubernetes object or a chart's values, as plain data. */
type Manifest = Record<string, unknown>;

export type ControllerName =
  | "aws-load-balancer-controller"
  | "external-secrets"
  | "external-dns"
  | "cluster-autoscaler"
  | "metrics-server"
  | "fluent-bit"
  | "kube-prometheus-stack"
  | "ebs-csi-controller"
  | "efs-csi-controller"
  | "vpc-cni";

/** A Helm chart, pinned (K32): bump a version, run synth, and review the HelmRelease diff. */
export interface ChartSource {
  readonly repository: string;
  readonly url: string;
  readonly chart: string;
  readonly version: string;
}

/** Installed by Flux from a pinned chart. */
export interface FluxInstall {
  readonly by: "flux";
  readonly chart: ChartSource;
  /** The HelmRelease values; per-cluster values are cluster-vars references (${VAR}). */
  readonly values: () => Manifest;
  /**
   * The Flux Kustomization whose directory holds the HelmRelease: infrastructure/controllers unless
   * the release needs what infrastructure/configs creates (gitops-src/infrastructure.ts places it).
   * Its namespace and chart repository stay with the controllers either way.
   */
  readonly releasedIn?: "configs";
}

/** Installed by EKS as an add-on (the cluster stack), which binds the controller's pod identity itself. */
export interface AddonInstall {
  readonly by: "eks-addon";
  readonly addon: string;
}

/** What the IAM statements of a controller may name: the env's resources. */
export interface ControllerPolicyContext {
  readonly region: string;
  readonly accountId: string;
  readonly clusterName: string;
  /** "apim/<env>/": the prefix of the env's secrets (External Secrets reads those of the cluster). */
  readonly secretPrefix: string;
  readonly secretsKeyAlias: string;
  readonly logsKeyAlias: string;
  readonly publicZoneArn: string;
  readonly logBucketArn: string;
  readonly containerLogGroupArn: string;
}

/** A controller's AWS access, through an EKS Pod Identity role bound to (namespace, serviceAccount). */
export interface AwsAccess {
  readonly serviceAccount: string;
  /** Least-privilege statements (K8S-2, T41): every write scoped to this env's resources. */
  readonly statements?: (ctx: ControllerPolicyContext) => PolicyStatement[];
  /** AWS managed policies used as they are (the CSI drivers' and the CNI's published policies). */
  readonly managedPolicyArns?: readonly string[];
  /** The upstream policy of the version we pin, kept verbatim (test/controller-reference-policies). */
  readonly reference?: ReferencePolicy;
  /** Where ours grants less than the reference, on purpose. */
  readonly narrowings?: readonly Narrowing[];
}

export type PodSecurityLevel = "restricted" | "baseline" | "privileged";

export interface ClusterController {
  readonly name: ControllerName;
  readonly namespace: string;
  /**
   * The Pod Security level of `namespace` when the controller owns it (the namespace is created
   * with the controller); absent when it runs in one it shares (kube-system). A level below
   * "restricted" says why.
   */
  readonly podSecurity?:
    | { readonly level: "restricted"; readonly reason?: undefined }
    | { readonly level: Exclude<PodSecurityLevel, "restricted">; readonly reason: string };
  readonly install: FluxInstall | AddonInstall;
  /** Absent when the controller needs no AWS access (then it gets no pod identity). */
  readonly aws?: AwsAccess;
}

/** A controller Flux installs. */
export type FluxController = ClusterController & { readonly install: FluxInstall };

export function installedByFlux(controller: ClusterController): controller is FluxController {
  return controller.install.by === "flux";
}

/** Requests and a memory limit; CPU stays unlimited for controllers (no throttling of bursts). */
export function resources(cpu: string, memory: string, memoryLimit = memory): Manifest {
  return { requests: { cpu, memory }, limits: { memory: memoryLimit } };
}

/** The container security context every controller chart accepts. */
export const RESTRICTED_CONTAINER = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
} as const;

/** KMS use through one AWS service, on the keys of one alias only. */
export function viaKeyAlias(
  ctx: ControllerPolicyContext,
  sid: string,
  actions: string[],
  alias: string,
  service: string,
): PolicyStatement {
  return {
    Sid: sid,
    Effect: "Allow",
    Action: actions,
    Resource: `arn:aws:kms:${ctx.region}:${ctx.accountId}:key/*`,
    Condition: {
      "ForAnyValue:StringEquals": { "kms:ResourceAliases": alias },
      StringEquals: { "kms:ViaService": `${service}.${ctx.region}.amazonaws.com` },
    },
  };
}
