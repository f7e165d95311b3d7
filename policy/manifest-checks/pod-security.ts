// Pod Security Standards "restricted" and baseline (SECU-3): K1-K10 of the check catalog. A
// container-level setting overrides the pod-level one.
import { Check, Finding } from "../check";
import { ManifestModel } from "../manifest-model";
import { ContainerRef, perContainer, podSpec, Spec } from "../pod-model";

type ManifestCheck = Check<ManifestModel>;

function effective(ref: ContainerRef, key: string): unknown {
  const container = (ref.container.securityContext ?? {}) as Spec;
  const pod = (ref.pod.securityContext ?? {}) as Spec;
  return key in container ? container[key] : pod[key];
}

const sc = (ref: ContainerRef) => (ref.container.securityContext ?? {}) as Spec;

export const K1 = perContainer({
  id: "K1",
  title: "Runs as non-root",
  requirements: ["SECU-3"],
  passText: "runAsNonRoot",
  failures: (ref) => [effective(ref, "runAsNonRoot") !== true && "runAsNonRoot is not true"],
});

/** The catalog's project rule: ids above the range a node's own users and groups take. */
export const MIN_WORKLOAD_ID = 10001;

export const K2 = perContainer({
  id: "K2",
  title: "User and group ids are not 0, and above 10000",
  requirements: ["SECU-3"],
  passText: "uid and gid above 10000, no root group",
  failures: (ref) => {
    const pod = (ref.pod.securityContext ?? {}) as Spec;
    const id = (key: string) => {
      const value = effective(ref, key);
      if (value === undefined) return `${key} unset (the image decides)`;
      if (value === 0) return `${key} is 0`;
      return Number(value) < MIN_WORKLOAD_ID && `${key} ${String(value)} is not above 10000`;
    };
    return [
      id("runAsUser"),
      id("runAsGroup"),
      pod.fsGroup === 0 && "fsGroup is 0",
      (pod.supplementalGroups as unknown[] | undefined)?.includes(0) && "supplementalGroups include 0",
    ];
  },
});

export const K3 = perContainer({
  id: "K3",
  title: "No privilege escalation",
  requirements: ["SECU-3"],
  passText: "allowPrivilegeEscalation false",
  failures: (ref) => [sc(ref).allowPrivilegeEscalation !== false && "allowPrivilegeEscalation is not false"],
});

export const K4 = perContainer({
  id: "K4",
  title: "All capabilities dropped",
  requirements: ["SECU-3"],
  passText: "drops ALL",
  failures: (ref) => {
    const caps = (sc(ref).capabilities ?? {}) as { drop?: string[]; add?: string[] };
    return [
      !caps.drop?.includes("ALL") && "does not drop ALL",
      caps.add?.some((c) => c !== "NET_BIND_SERVICE") && `adds ${caps.add.join(",")}`,
    ];
  },
});

export const K5 = perContainer({
  id: "K5",
  title: "Seccomp RuntimeDefault or Localhost",
  requirements: ["SECU-3"],
  passText: "seccomp confined",
  failures: (ref) => {
    const profile = effective(ref, "seccompProfile") as { type?: string } | undefined;
    return [
      !["RuntimeDefault", "Localhost"].includes(String(profile?.type)) &&
        `seccomp ${String(profile?.type ?? "unset")}`,
    ];
  },
});

export const K6 = perContainer({
  id: "K6",
  title: "Not privileged",
  requirements: ["SECU-3"],
  passText: "unprivileged",
  failures: (ref) => [
    sc(ref).privileged === true && "privileged",
    // hostProcess is set per container or for the whole pod; the kubelet merges windowsOptions
    // field by field.
    (((sc(ref).windowsOptions ?? {}) as Spec).hostProcess ??
      (((ref.pod.securityContext ?? {}) as Spec).windowsOptions as Spec | undefined)?.hostProcess) === true &&
      "Windows host process",
  ],
});

export const K7: ManifestCheck = {
  id: "K7",
  title: "No host namespaces",
  requirements: ["SECU-3"],
  // Host namespaces are the pod's: one finding per workload, whatever its containers.
  evaluate: (model) =>
    model.workloads().map((w): Finding => {
      const pod = podSpec(w) ?? {};
      const shared = ["hostNetwork", "hostPID", "hostIPC"].filter((k) => pod[k] === true);
      return {
        subject: model.subject(w),
        ok: !shared.length,
        message: shared.length ? `uses ${shared.join(", ")}` : "own namespaces",
      };
    }),
};

const ALLOWED_VOLUMES = [
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "persistentVolumeClaim",
  "projected",
  "secret",
];

export const K8: ManifestCheck = {
  id: "K8",
  title: "Only the restricted volume types",
  requirements: ["SECU-3"],
  evaluate: (model) =>
    model.workloads().flatMap((w) => {
      const pod = podSpec(w) ?? {};
      return ((pod.volumes as Spec[] | undefined) ?? []).map((v): Finding => {
        const type = Object.keys(v).find((k) => k !== "name") ?? "?";
        return {
          subject: `${model.subject(w)}/volume/${String(v.name)}`,
          ok: ALLOWED_VOLUMES.includes(type),
          message: `${type} volume`,
        };
      });
    }),
};

export const K9 = perContainer({
  id: "K9",
  title: "No hostPort",
  requirements: ["SECU-3"],
  passText: "no hostPort",
  failures: (ref) => [
    (ref.container.ports as Spec[] | undefined)?.some((p) => p.hostPort !== undefined) && "binds a hostPort",
  ],
});

export const K10 = perContainer({
  id: "K10",
  title: "Read-only root filesystem",
  requirements: ["SECU-3"],
  passText: "read-only root",
  failures: (ref) => [sc(ref).readOnlyRootFilesystem !== true && "root filesystem is writable"],
});
