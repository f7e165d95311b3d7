// Resources, probes and images of every container: K12-K18 of the check catalog.
import { Check, Finding, finding } from "../check";
import { ManifestModel } from "../manifest-model";
import { containers, ContainerRef, perContainer, Spec } from "../pod-model";

type ManifestCheck = Check<ManifestModel>;

const resources = (ref: ContainerRef) =>
  (ref.container.resources ?? {}) as { requests?: Spec; limits?: Spec };

export const K12 = perContainer({
  id: "K12",
  title: "CPU and memory requests",
  requirements: ["K8S-5", "K8S-13"],
  passText: "requests set",
  failures: (r) => [
    !resources(r).requests?.cpu && "no cpu request",
    !resources(r).requests?.memory && "no memory request",
  ],
});

export const K13 = perContainer({
  id: "K13",
  title: "Memory limit (CPU limit where the sizing table sets one)",
  requirements: ["K8S-5", "K8S-13"],
  passText: "memory limit set",
  failures: (r) => [!resources(r).limits?.memory && "no memory limit"],
});

export const K14 = perContainer({
  id: "K14",
  title: "Ephemeral storage requests and limits",
  requirements: ["K8S-13"],
  passText: "ephemeral storage bounded",
  failures: (r) => [
    !resources(r).requests?.["ephemeral-storage"] && "no ephemeral-storage request",
    !resources(r).limits?.["ephemeral-storage"] && "no ephemeral-storage limit",
  ],
});

function probePort(probe: Spec | undefined): unknown {
  return ((probe?.httpGet ?? probe?.tcpSocket ?? probe?.grpc) as Spec | undefined)?.port;
}

/** The container declares the port (by name or number); a probe without a port (exec) has none. */
function declares(ref: ContainerRef, port: unknown): boolean {
  // Stryker disable next-line ArrayDeclaration: a made-up element is a string, which has neither field
  const ports = (ref.container.ports as Spec[] | undefined) ?? [];
  return port !== undefined && ports.some((p) => p.name === port || p.containerPort === port);
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

export const K17 = perContainer({
  id: "K17",
  title: "Pinned image from the env's ECR",
  requirements: ["PRO-1", "SEC-1", "GEN-4"],
  passText: "pinned ECR image",
  failures: (r) => {
    // An unset image reads "undefined": no tag, no registry.
    const image = String(r.container.image);
    const tag = image.includes("@") ? "digest" : /:([^:/]+)$/.exec(image)?.[1];
    return [
      !tag && "no tag",
      tag === "latest" && "tag latest",
      !ECR.test(image) && "not from the project's ECR",
    ];
  },
});

export const K18 = perContainer({
  id: "K18",
  title: "Pull policy IfNotPresent (immutable ECR tags) or Always",
  requirements: ["PRO-1"],
  passText: "pull policy fits immutable tags",
  failures: (r) => [
    !["IfNotPresent", "Always"].includes(String(r.container.imagePullPolicy ?? "IfNotPresent")) &&
      `pull policy ${String(r.container.imagePullPolicy)}`,
  ],
  initToo: false,
});
