// The objects Flux applies to one env's cluster, for the manifest checks (K-ids).
import { K8sObject } from "../lib/manifests/kustomize-lite";

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
}
