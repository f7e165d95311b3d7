// Resources, probes and images of every container: K12-K18 of the check catalog.
import { Check, Failures, Finding, perSubject, finding } from "../check";
import { ManifestModel } from "../manifest-model";
import { containers, ContainerRef, Spec } from "../pod-model";

type ManifestCheck = Check<ManifestModel>;

function perContainer(
  id: string,
  title: string,
  requirements: string[],
  failures: (ref: ContainerRef) => Failures,
  passText: string,
  initToo = true,
): ManifestCheck {
  return perSubject<ManifestModel, ContainerRef>({
    id,
    title,
    requirements,
    passText,
    subjects: (model) =>
      containers(model.workloads())
        .filter((r) => initToo || !r.init)
        .map((ref) => [model.containerSubject(ref.workload, ref.container), ref]),
    failures,
  });
}

const resources = (ref: ContainerRef) =>
  (ref.container.resources ?? {}) as { requests?: Spec; limits?: Spec };

export const K12 = perContainer(
  "K12",
  "CPU and memory requests",
  ["K8S-5", "K8S-13"],
  (r) => [
    !resources(r).requests?.cpu && "no cpu request",
    !resources(r).requests?.memory && "no memory request",
  ],
  "requests set",
);

export const K13 = perContainer(
  "K13",
  "Memory limit (CPU limit where the sizing table sets one)",
  ["K8S-5", "K8S-13"],
  (r) => [!resources(r).limits?.memory && "no memory limit"],
  "memory limit set",
);

export const K14 = perContainer(
  "K14",
  "Ephemeral storage requests and limits",
  ["K8S-13"],
  (r) => [
    !resources(r).requests?.["ephemeral-storage"] && "no ephemeral-storage request",
    !resources(r).limits?.["ephemeral-storage"] && "no ephemeral-storage limit",
  ],
  "ephemeral storage bounded",
);

function probePort(probe: Spec | undefined): unknown {
  return ((probe?.httpGet ?? probe?.tcpSocket ?? probe?.grpc) as Spec | undefined)?.port;
}

function declares(ref: ContainerRef, port: unknown): boolean {
  return ((ref.container.ports as Spec[] | undefined) ?? []).some(
    (p) => p.name === port || p.containerPort === port,
  );
}

/** Long-running containers only: a Job's container finishes, it serves nothing. */
function serving(ref: ContainerRef): boolean {
  return !ref.init && ["Deployment", "StatefulSet", "DaemonSet"].includes(ref.workload.kind);
}

export const K15: ManifestCheck = {
  id: "K15",
  title: "Readiness probe on a declared port of every serving container",
  requirements: ["K8S-6", "K8S-13"],
  evaluate: (model) =>
    containers(model.workloads())
      .filter(serving)
      .map((ref): Finding => {
        const probe = ref.container.readinessProbe as Spec | undefined;
        const ok = !!probe && declares(ref, probePort(probe));
        return {
          subject: model.containerSubject(ref.workload, ref.container),
          ok,
          message: ok ? `ready on ${String(probePort(probe))}` : "no readiness probe on a declared port",
        };
      }),
};

export const K16: ManifestCheck = {
  id: "K16",
  title: "Liveness probe, different from readiness; startup probe for slow starts",
  requirements: ["K8S-6", "K8S-13"],
  evaluate: (model) =>
    containers(model.workloads())
      .filter(serving)
      .map((ref): Finding => {
        const live = ref.container.livenessProbe as Spec | undefined;
        return finding(
          model.containerSubject(ref.workload, ref.container),
          [
            !live && "no liveness probe",
            live && !declares(ref, probePort(live)) && "liveness probe on an undeclared port",
            live &&
              JSON.stringify(live) === JSON.stringify(ref.container.readinessProbe) &&
              "liveness identical to readiness",
          ],
          "own liveness probe",
        );
      }),
};

const ECR = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\//;

export const K17 = perContainer(
  "K17",
  "Pinned image from the env's ECR",
  ["PRO-1", "SEC-1", "GEN-4"],
  (r) => {
    const image = String(r.container.image ?? "");
    const tag = image.includes("@") ? "digest" : /:([^:/]+)$/.exec(image)?.[1];
    return [
      !tag && "no tag",
      tag === "latest" && "tag latest",
      !ECR.test(image) && "not from the project's ECR",
    ];
  },
  "pinned ECR image",
);

export const K18 = perContainer(
  "K18",
  "Pull policy IfNotPresent (immutable ECR tags) or Always",
  ["PRO-1"],
  (r) => [
    !["IfNotPresent", "Always"].includes(String(r.container.imagePullPolicy ?? "IfNotPresent")) &&
      `pull policy ${String(r.container.imagePullPolicy)}`,
  ],
  "pull policy fits immutable tags",
  false,
);
