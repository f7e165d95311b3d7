// Layer 4 of the verification: every kustomization under gitops/ builds with real kustomize,
// and every object it yields validates against the Kubernetes / Flux / External Secrets schemas.
import * as path from "path";
import { isComponent, kustomizationDirs, kustomizeBuild, validateSchemas } from "./support/manifests";
import { describeWithTools } from "./support/tools";

const GITOPS = path.join(__dirname, "..", "gitops");

describe("schema validation can fail", () => {
  test("rejects an invalid object, an unknown kind and a deprecated API", () => {
    const results = validateSchemas([
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "good" } },
      {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "bad" },
        spec: { ports: [{ port: "not-a-number" }] },
      },
      { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "unknown" } },
      { apiVersion: "policy/v1beta1", kind: "PodDisruptionBudget", metadata: { name: "old" }, spec: {} },
      {
        apiVersion: "kustomize.toolkit.fluxcd.io/v1",
        kind: "Kustomization",
        metadata: { name: "x" },
        spec: { prune: true },
      },
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, false, false, false, false]);
  });
});

describeWithTools("gitops/ builds and validates", ["kubectl"], () => {
  const dirs = kustomizationDirs(GITOPS).filter((d) => !isComponent(d));

  test("finds every cluster path and overlay", () => {
    const rel = dirs.map((d) => path.relative(GITOPS, d));
    for (const env of ["dev", "test", "prod"]) {
      expect(rel).toContain(`clusters/${env}`);
      expect(rel).toContain(`apps/apim/overlays/${env}`);
    }
  });

  test.each(
    kustomizationDirs(GITOPS)
      .filter((d) => !isComponent(d))
      .map((d) => path.relative(GITOPS, d)),
  )("%s builds and every object validates", (rel) => {
    const objects = kustomizeBuild(path.join(GITOPS, rel));
    const failures = validateSchemas(objects)
      .filter((r) => !r.ok)
      .map((r) => `${objects[r.index].kind}/${objects[r.index].metadata?.name}: ${r.error}`);
    expect(failures).toEqual([]);
  });
});
