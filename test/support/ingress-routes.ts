// Ingress -> Service -> the Deployment whose pods serve it, with the container port: how the
// load balancer controller resolves an Ingress backend with target type ip.
import { K8sObject } from "../../tools/kustomize/kustomize-lite";
import { podLabels } from "../../policy/pod-model";

type Json = Record<string, unknown>;
export type Scheme = "internet-facing" | "internal";

export interface Route {
  readonly ingress: string;
  readonly scheme: Scheme;
  readonly workload: K8sObject;
  readonly port: number;
}

/** Ingress -> Service -> the workload whose pods serve it, with the container port. */
export function routes(objects: readonly K8sObject[]): Route[] {
  return objects
    .filter((o) => o.kind === "Ingress")
    .flatMap((ing) => {
      const scheme = ing.metadata.annotations!["alb.ingress.kubernetes.io/scheme"] as Scheme;
      const rules = ((ing.spec as Json).rules as Json[]) ?? [];
      return rules.flatMap((rule) =>
        (((rule.http as Json).paths as Json[]) ?? []).map((path) => {
          const backend = (path.backend as Json).service as { name: string; port: { number: number } };
          const svc = objects.find((o) => o.kind === "Service" && o.metadata.name === backend.name)!;
          const selector = (svc.spec as Json).selector as Record<string, string>;
          const workload = objects.find(
            (o) =>
              o.kind === "Deployment" && Object.entries(selector).every(([k, v]) => podLabels(o)[k] === v),
          )!;
          const svcPort = ((svc.spec as Json).ports as Json[]).find((p) => p.port === backend.port.number)!;
          const container = (
            (((workload.spec as Json).template as Json).spec as Json).containers as Json[]
          )[0];
          const named = ((container.ports as Json[]) ?? []).find((p) => p.name === svcPort.targetPort);
          const port = Number(named ? named.containerPort : svcPort.targetPort);
          return { ingress: ing.metadata.name, scheme, workload, port };
        }),
      );
    });
}
