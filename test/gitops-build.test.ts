// Layer 4 of the verification: every kustomization under gitops/ builds with real kustomize and
// every object validates against the Kubernetes / Flux / External Secrets schemas; every cluster
// path builds end to end with Flux's substitution from cluster-vars; and the in-process builder
// that synth uses for the report builds exactly what kustomize builds.
import * as path from "path";
import { CLUSTER_VARS } from "../lib/cluster-vars";
import { build } from "../tools/kustomize/kustomize-lite";
import { substitute } from "../lib/manifests/flux-substitution";
import { sampleClusterVars } from "../lib/manifests/sample-cluster-vars";
import {
  isComponent,
  K8sObject,
  kustomizationDirs,
  kustomizeBuild,
  validateSchemas,
} from "./support/manifests";
import { canonical, GITOPS, readGitops } from "./support/manifests-helpers";
import { exampleEnvs } from "./support/synth-output";
import type { EnvironmentConfig } from "../envs/schema";
import { describeWithTools } from "./support/tools";

const DIRS = kustomizationDirs(GITOPS)
  .filter((d) => !isComponent(d))
  .map((d) => path.relative(GITOPS, d).split(path.sep).join("/"));

/**
 * The schema failures of each group of objects, by the group's name: every object of every group is
 * validated by one validator process (each process loads the schema modules anew, which costs more
 * than validating).
 */
function failuresByGroup(groups: readonly { name: string; objects: K8sObject[] }[]): Map<string, string[]> {
  const all = groups.flatMap((g) => g.objects);
  const failed = validateSchemas(all).filter((r) => !r.ok);
  const out = new Map<string, string[]>();
  let start = 0;
  for (const g of groups) {
    const end = start + g.objects.length;
    out.set(
      g.name,
      failed
        .filter((r) => r.index >= start && r.index < end)
        .map((r) => `${all[r.index].kind}/${all[r.index].metadata?.name}: ${r.error}`),
    );
    start = end;
  }
  return out;
}

const NAMESPACE: K8sObject = { apiVersion: "v1", kind: "Namespace", metadata: { name: "good" } };
const BAD_SERVICE = {
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "bad" },
  spec: { ports: [{ port: "not-a-number" }] },
} as K8sObject;

describe("schema validation can fail", () => {
  test("rejects an invalid object, an unknown kind and a removed API", () => {
    const results = validateSchemas([
      NAMESPACE,
      BAD_SERVICE,
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

  test("validated together, a failure is told to the group that holds the object, and no other", () => {
    const found = failuresByGroup([
      { name: "before", objects: [NAMESPACE, NAMESPACE] },
      // First in its group: the object right after the last of the group before.
      { name: "holder", objects: [BAD_SERVICE, NAMESPACE] },
      { name: "after", objects: [NAMESPACE] },
    ]);
    expect(found.get("before")).toEqual([]);
    expect(found.get("holder")).toEqual([expect.stringMatching(/^Service\/bad: /)]);
    expect(found.get("after")).toEqual([]);
  });
});

describe("Flux substitution", () => {
  test("replaces ${VAR}, keeps defaults and $${escapes}, leaves $VAR alone, reports what is missing", () => {
    const out = substitute("a=${A} b=${B:=dflt} c=$${C} d=$D e=${E}", { A: "1" });
    expect(out.text).toBe("a=1 b=dflt c=${C} d=$D e=${E}");
    expect(out.missing).toEqual(["E"]);
  });
});

describeWithTools("gitops/ builds and validates", ["kubectl"], () => {
  // Each folder is built once (a cluster path builds the overlays the per-folder tests build too),
  // and the suite's objects are validated together (failuresByGroup).
  // A folder that does not build fails its own tests (with kustomize's error), not the others'.
  const builds = new Map<string, K8sObject[] | Error>();
  const built = (dir: string): K8sObject[] => {
    const key = path.resolve(dir);
    if (!builds.has(key)) {
      try {
        builds.set(key, kustomizeBuild(key));
      } catch (error) {
        builds.set(key, error as Error);
      }
    }
    const result = builds.get(key)!;
    if (result instanceof Error) throw result;
    return result;
  };
  let failures = new Map<string, string[]>();

  /** The Flux Kustomizations of an env's cluster path, and every object they apply, substituted. */
  const clusterPath = (env: EnvironmentConfig) => {
    const kustomizations = built(path.join(GITOPS, "clusters", env.name)).filter(
      (o) => o.kind === "Kustomization",
    );
    const objects: K8sObject[] = [];
    const used = new Set<string>();
    const missing: string[] = [];
    for (const k of kustomizations) {
      const spec = k.spec as { path: string };
      for (const obj of built(path.join(GITOPS, "..", spec.path))) {
        const result = substitute(JSON.stringify(obj), sampleClusterVars(env));
        missing.push(...result.missing);
        result.used.forEach((u) => used.add(u));
        objects.push(JSON.parse(result.text) as K8sObject);
      }
    }
    return { kustomizations, objects, used, missing };
  };

  beforeAll(() => {
    const groups: { name: string; objects: K8sObject[] }[] = [];
    const add = (name: string, objects: () => K8sObject[]) => {
      try {
        groups.push({ name, objects: objects() });
      } catch {
        // Did not build: the group's own test reports why.
      }
    };
    for (const rel of DIRS) add(rel, () => built(path.join(GITOPS, rel)));
    for (const env of exampleEnvs()) add(`cluster path ${env.name}`, () => clusterPath(env).objects);
    failures = failuresByGroup(groups);
  });

  test("finds every cluster path and overlay", () => {
    for (const env of ["dev", "test", "prod"]) {
      expect(DIRS).toContain(`clusters/${env}`);
      expect(DIRS).toContain(`apps/apim/overlays/${env}`);
    }
  });

  test.each(DIRS)("%s builds, validates, and kustomize-lite builds the same", (rel) => {
    const objects = built(path.join(GITOPS, rel));
    expect(objects.length).toBeGreaterThan(0);
    expect(failures.get(rel)).toEqual([]);
    expect(canonical(build(rel, readGitops))).toEqual(canonical(objects));
  });

  test.each(exampleEnvs().map((e) => [e.name, e] as const))(
    "%s: the cluster path builds end to end with every variable defined",
    (_n, env) => {
      const { kustomizations, used, missing } = clusterPath(env);
      const after = Object.fromEntries(
        kustomizations.map((k) => [
          k.metadata.name,
          ((k.spec as { dependsOn?: { name: string }[] }).dependsOn ?? []).map((d) => d.name),
        ]),
      );
      // The chain: controllers, then their configs, then the APIM workloads.
      expect(after).toEqual({
        "infrastructure-controllers": [],
        "infrastructure-configs": ["infrastructure-controllers"],
        "apim-schema": ["infrastructure-configs"],
        apim: ["apim-schema"],
      });
      for (const k of kustomizations) {
        const spec = k.spec as { postBuild?: { substituteFrom?: { name: string }[] } };
        expect(spec.postBuild?.substituteFrom?.map((s) => s.name)).toEqual(["cluster-vars"]);
      }
      expect(missing).toEqual([]);
      expect([...used].filter((u) => !(u in CLUSTER_VARS))).toEqual([]);
      expect(failures.get(`cluster path ${env.name}`)).toEqual([]);
    },
  );
});
