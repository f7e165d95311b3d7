// Pod Security Standards "restricted" and baseline (SECU-3): K1-K10 of the check catalog. A
// container-level setting overrides the pod-level one.
import { Check, Failures, Finding, perSubject } from "../check";
import { ManifestModel } from "../manifest-model";
import { containers, ContainerRef, Spec } from "../pod-model";

type ManifestCheck = Check<ManifestModel>;

function effective(ref: ContainerRef, key: string): unknown {
  const container = (ref.container.securityContext ?? {}) as Spec;
  const pod = (ref.pod.securityContext ?? {}) as Spec;
  return key in container ? container[key] : pod[key];
}

function perContainer(
  id: string,
  title: string,
  requirements: string[],
  passText: string,
  failures: (ref: ContainerRef) => Failures,
): ManifestCheck {
  return perSubject<ManifestModel, ContainerRef>({
    id,
    title,
    requirements,
    passText,
    subjects: (model) =>
      containers(model.workloads()).map((ref) => [model.containerSubject(ref.workload, ref.container), ref]),
    failures,
  });
}

const sc = (ref: ContainerRef) => (ref.container.securityContext ?? {}) as Spec;

export const K1 = perContainer("K1", "Runs as non-root", ["SECU-3"], "runAsNonRoot", (ref) => [
  effective(ref, "runAsNonRoot") !== true && "runAsNonRoot is not true",
]);

export const K2 = perContainer(
  "K2",
  "User and group ids are not 0",
  ["SECU-3"],
  "non-zero uid/gid",
  (ref) => [
    effective(ref, "runAsUser") === 0 && "runAsUser is 0",
    effective(ref, "runAsGroup") === 0 && "runAsGroup is 0",
    ((ref.pod.securityContext ?? {}) as Spec).fsGroup === 0 && "fsGroup is 0",
  ],
);

export const K3 = perContainer(
  "K3",
  "No privilege escalation",
  ["SECU-3"],
  "allowPrivilegeEscalation false",
  (ref) => [sc(ref).allowPrivilegeEscalation !== false && "allowPrivilegeEscalation is not false"],
);

export const K4 = perContainer("K4", "All capabilities dropped", ["SECU-3"], "drops ALL", (ref) => {
  const caps = (sc(ref).capabilities ?? {}) as { drop?: string[]; add?: string[] };
  return [
    !(caps.drop ?? []).includes("ALL") && "does not drop ALL",
    (caps.add ?? []).some((c) => c !== "NET_BIND_SERVICE") && `adds ${(caps.add ?? []).join(",")}`,
  ];
});

export const K5 = perContainer(
  "K5",
  "Seccomp RuntimeDefault or Localhost",
  ["SECU-3"],
  "seccomp confined",
  (ref) => {
    const profile = effective(ref, "seccompProfile") as { type?: string } | undefined;
    return [
      !["RuntimeDefault", "Localhost"].includes(String(profile?.type)) &&
        `seccomp ${String(profile?.type ?? "unset")}`,
    ];
  },
);

export const K6 = perContainer("K6", "Not privileged", ["SECU-3"], "unprivileged", (ref) => [
  sc(ref).privileged === true && "privileged",
  ((sc(ref).windowsOptions ?? {}) as Spec).hostProcess === true && "Windows host process",
]);

export const K7: ManifestCheck = {
  id: "K7",
  title: "No host namespaces",
  requirements: ["SECU-3"],
  evaluate: (model) =>
    containers(model.workloads())
      .filter((r) => !r.init)
      .map((ref): Finding => {
        const shared = ["hostNetwork", "hostPID", "hostIPC"].filter((k) => ref.pod[k] === true);
        return {
          subject: model.subject(ref.workload),
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
      const pod = containers([w])[0]?.pod ?? {};
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

export const K9 = perContainer("K9", "No hostPort", ["SECU-3"], "no hostPort", (ref) => [
  ((ref.container.ports as Spec[] | undefined) ?? []).some((p) => p.hostPort !== undefined) &&
    "binds a hostPort",
]);

export const K10 = perContainer("K10", "Read-only root filesystem", ["SECU-3"], "read-only root", (ref) => [
  sc(ref).readOnlyRootFilesystem !== true && "root filesystem is writable",
]);
