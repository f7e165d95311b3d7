// The committed gitops/infrastructure/controllers tree has the layout of Flux's example repository:
// one file per controller Flux installs, holding its chart source and its release; the one
// controller whose release needs the configs first says in its file where that release is.
import { parseAllDocuments, parse } from "yaml";
import { CONTROLLERS } from "../lib/controllers";
import { installedByFlux } from "../lib/controllers/controller";
import { readGitops } from "./support/manifests-helpers";

type Doc = { kind: string; metadata: { name: string; namespace?: string }; spec?: Record<string, unknown> };
const DIR = "infrastructure/controllers";
const docs = (rel: string): Doc[] => parseAllDocuments(readGitops(rel) ?? "").map((d) => d.toJSON() as Doc);

const byFlux = CONTROLLERS.filter(installedByFlux);

test("the controllers' kustomization lists exactly one file per controller Flux installs", () => {
  expect(byFlux.length).toBeGreaterThan(5);
  const kustomization = parse(readGitops(`${DIR}/kustomization.yaml`)!) as { resources: string[] };
  expect([...kustomization.resources].sort()).toEqual(byFlux.map((c) => `${c.name}.yaml`).sort());
});

test.each(byFlux.map((c) => [c.name, c] as const))(
  "%s: its file holds its chart source and its release",
  (name, c) => {
    const file = `${DIR}/${name}.yaml`;
    const objects = docs(file);
    const repositories = objects.filter((o) => o.kind === "HelmRepository");
    expect(repositories.map((r) => r.metadata.name)).toEqual([c.install.chart.repository]);
    const release = objects.filter((o) => o.kind === "HelmRelease");
    if (c.install.releasedIn !== "configs") {
      expect(release.map((r) => [r.metadata.name, r.metadata.namespace])).toEqual([[name, c.namespace]]);
      return;
    }
    // Released with the configs: the file names the configs file, and the release is there.
    expect(release).toEqual([]);
    const pointer = /^# The HelmRelease of \S+ is in (infrastructure\/configs\/\S+\.yaml):/m.exec(
      readGitops(file)!,
    );
    expect(pointer).not.toBeNull();
    const there = docs(pointer![1]).filter((o) => o.kind === "HelmRelease");
    expect(there.map((r) => [r.metadata.name, r.metadata.namespace])).toEqual([[name, c.namespace]]);
  },
);
