// The objects Flux applies to one env's cluster, for the manifest checks (K-ids).
import { K8sObject } from "../tools/kustomize/kustomize-lite";
import { WORKLOAD_KINDS } from "./pod-model";

export class ManifestModel {
  constructor(
    readonly env: string,
    readonly objects: readonly K8sObject[],
  ) {}

  ofKind(...kinds: string[]): K8sObject[] {
    return this.objects.filter((o) => kinds.includes(o.kind));
  }

  subject(o: K8sObject): string {
    return `${this.env}/${o.kind}/${o.metadata.namespace ?? "-"}/${o.metadata.name}`;
  }

  /** Subject of one container of a workload. */
  containerSubject(workload: K8sObject, container: { name?: unknown }): string {
    return `${this.subject(workload)}/${String(container.name)}`;
  }

  workloads(): K8sObject[] {
    return this.ofKind(...WORKLOAD_KINDS);
  }
}
