// The local caches of slow tool runs never serve a stale result: a kustomize build is cached under
// the content of its whole gitops/ tree, and CI caches nothing.
import * as fs from "fs";
import * as path from "path";
import { kustomizeBuild } from "./support/manifests";
import { ResultCache } from "./support/result-cache";
import { testDir } from "./support/synth-output";
import { describeWithTools } from "./support/tools";

function withCi<T>(value: string | undefined, body: () => T): T {
  const saved = process.env.CI;
  if (value === undefined) delete process.env.CI;
  else process.env.CI = value;
  try {
    return body();
  } finally {
    if (saved === undefined) delete process.env.CI;
    else process.env.CI = saved;
  }
}

test("CI caches nothing; a local run does", () => {
  expect(withCi("true", () => ResultCache.forRun("apim-test-cache"))).toBeUndefined();
  expect(withCi(undefined, () => ResultCache.forRun("apim-test-cache"))).toBeInstanceOf(ResultCache);
});

describeWithTools("kustomize build cache", ["kubectl"], () => {
  test("an edit anywhere in the gitops/ tree, even in a base, changes the cached build", () => {
    const root = path.join(fs.mkdtempSync(path.join(testDir(), "kustomize-cache-")), "gitops");
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    };
    const configMap = (value: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  value: "${value}"\n`;
    write("base/kustomization.yaml", "resources:\n  - settings.yaml\n");
    write("base/settings.yaml", configMap("first"));
    write("overlay/kustomization.yaml", "resources:\n  - ../base\nnamespace: apim\n");
    const valueOf = () =>
      withCi(undefined, () => kustomizeBuild(path.join(root, "overlay")))[0]?.data as Record<string, string>;
    expect(valueOf()).toEqual({ value: "first" });
    expect(valueOf()).toEqual({ value: "first" }); // now from the cache
    write("base/settings.yaml", configMap("second"));
    expect(valueOf()).toEqual({ value: "second" });
  });
});
