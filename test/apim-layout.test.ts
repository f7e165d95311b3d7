// The overlays hold only what differs per env, and base + groups + patches build exactly the
// objects each env's config asks for. A release is a one-line change that synth leaves alone.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { desiredObjects } from "../gitops-src/apim/layout";
import { build, K8sObject } from "../lib/manifests/kustomize-lite";
import { listFiles } from "../lib/output/output-tree";
import { canonical, GITOPS, readGitops } from "./support/manifests-helpers";
import { exampleEnvs } from "./support/synth-output";
import { testDir } from "./support/synth-output";

const REPO = path.join(__dirname, "..");

/** Built objects with images mapped back to their ECR repository name, named lists in name order. */
function normalize(objects: K8sObject[]): K8sObject[] {
  const sortNamed = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      const items = value.map(sortNamed);
      return items.every((i) => i && typeof i === "object" && "name" in (i as object))
        ? [...items].sort((a, b) =>
            String((a as { name: string }).name).localeCompare(String((b as { name: string }).name)),
          )
        : items;
    }
    if (value && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [
          k,
          k === "image" ? String(v).replace(/^.*amazonaws\.com\/(.*):[^:]+$/, "$1") : sortNamed(v),
        ]),
      );
    }
    return value;
  };
  return objects.map((o) => sortNamed(o) as K8sObject);
}

test.each(exampleEnvs().map((e) => [e.name, e] as const))(
  "%s: base + groups + patches build the desired objects",
  (_n, env) => {
    const desired = desiredObjects(env);
    const expected = [...desired.base, ...[...desired.groups.values()].flat()].map((o) => ({
      ...o,
      metadata: {
        ...(o.metadata as object),
        namespace: "apim",
        labels: {
          ...((o.metadata as { labels?: object }).labels ?? {}),
          "app.kubernetes.io/part-of": "apim",
        },
      },
    })) as unknown as K8sObject[];
    expect(canonical(normalize(build(`apps/apim/overlays/${env.name}`, readGitops)))).toEqual(
      canonical(normalize(expected)),
    );
  },
);

test("the prod overlay fits on one screen", () => {
  const dir = path.join(GITOPS, "apps", "apim", "overlays", "prod");
  const lines = ["kustomization.yaml", "patches.yaml"].map(
    (f) => fs.readFileSync(path.join(dir, f), "utf8").split("\n").length,
  );
  expect(lines.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(60);
});

test("a tag bump is a one-line diff that synth leaves alone", () => {
  const root = fs.mkdtempSync(path.join(testDir(), "apim-release-"));
  fs.cpSync(GITOPS, path.join(root, "gitops"), { recursive: true });
  const release = path.join(
    root,
    "gitops",
    "apps",
    "apim",
    "overlays",
    "prod",
    "release",
    "kustomization.yaml",
  );
  const before = fs.readFileSync(release, "utf8");
  const after = before.replace(
    /(name: apim\/gateway-partner\n\s+newName: \S+\n\s+newTag: )\S+/,
    "$17.7.20250530-r2",
  );
  expect(after.split("\n").filter((line, i) => line !== before.split("\n")[i])).toEqual([
    "    newTag: 7.7.20250530-r2",
  ]);
  fs.writeFileSync(release, after);
  const snapshot = () =>
    Object.fromEntries(
      listFiles(path.join(root, "gitops")).map((f) => [
        f,
        fs.readFileSync(path.join(root, "gitops", f), "utf8"),
      ]),
    );
  const edited = snapshot();
  const result = spawnSync(process.execPath, [path.join(REPO, "scripts", "run-app.js"), "--root", root], {
    encoding: "utf8",
  });
  expect(result.status).toBe(0);
  expect(snapshot()).toEqual(edited);
  const image = build("apps/apim/overlays/prod", (rel) => {
    const f = path.join(root, "gitops", rel);
    return fs.existsSync(f) && fs.statSync(f).isFile() ? fs.readFileSync(f, "utf8") : undefined;
  })
    .filter((o) => o.kind === "Deployment" && o.metadata.name === "gateway-partner")
    .map((o) => JSON.stringify(o).match(/"image":"([^"]+)"/)![1]);
  expect(image[0]).toMatch(/\/apim\/gateway-partner:7\.7\.20250530-r2$/);
});
