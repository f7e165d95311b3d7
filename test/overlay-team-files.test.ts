// The two team-owned components of an env overlay, changed as a team changes them in a pull
// request: a YAML patch in custom/ (built by synth's checks as Kustomize builds it, winning over the
// env's generated differences; a patch that breaks a rule fails synth with the check), and the
// release file, whose image list synth keeps complete without touching a tag the team set.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse, parseAllDocuments } from "yaml";
import { dev } from "../envs/dev";
import { gatewayGroup } from "../envs/defaults";
import { prod } from "../envs/prod";
import { test as testEnv } from "../envs/test";
import { EnvironmentInput } from "../envs/schema";
import { build, K8sObject, ReadFile } from "../tools/kustomize/kustomize-lite";
import { MANIFEST_CHECKS } from "../policy/manifest-checks";
import { reconcileRelease, releaseComponent, withReleaseTag } from "../gitops-src/apim/release";
import { validateEnvironments } from "../envs/validate";
import { GITOPS } from "./support/manifests-helpers";
import { testDir } from "./support/synth-output";
import { locate } from "./support/tools";

const REPO = path.join(__dirname, "..");
const OVERLAY = "apps/apim/overlays/prod";

/** A copy of the repository's gitops/ and docs/ in a root of its own, as a branch has them. */
function workingCopy(): string {
  const root = fs.mkdtempSync(path.join(testDir(), "apim-team-files-"));
  fs.cpSync(GITOPS, path.join(root, "gitops"), { recursive: true });
  fs.cpSync(path.join(REPO, "docs"), path.join(root, "docs"), { recursive: true });
  return root;
}

function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, "gitops", rel)), { recursive: true });
  fs.writeFileSync(path.join(root, "gitops", rel), text);
}

const read = (root: string, rel: string) => fs.readFileSync(path.join(root, "gitops", rel), "utf8");

function synth(root: string, envs?: EnvironmentInput[]) {
  const args = [path.join(REPO, "scripts", "run-app.js"), "--root", root];
  if (envs) {
    const file = path.join(root, "envs.json");
    fs.writeFileSync(file, JSON.stringify(envs));
    args.push("--environments", file);
  }
  return spawnSync(process.execPath, args, { encoding: "utf8" });
}

/** Lists patch files in an env's custom component, as a team does. */
function customPatches(root: string, patches: Record<string, string>): void {
  const component = parse(read(root, `${OVERLAY}/custom/kustomization.yaml`)) as Record<string, unknown>;
  write(
    root,
    `${OVERLAY}/custom/kustomization.yaml`,
    `${JSON.stringify({ ...component, patches: Object.keys(patches).map((p) => ({ path: p })) })}\n`,
  );
  for (const [file, text] of Object.entries(patches)) write(root, `${OVERLAY}/custom/${file}`, text);
}

const find = (objects: readonly K8sObject[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);

const reader =
  (root: string): ReadFile =>
  (rel) => {
    const full = path.join(root, "gitops", rel);
    return fs.existsSync(full) && fs.statSync(full).isFile() ? fs.readFileSync(full, "utf8") : undefined;
  };

// prod's generated differences set gateway-partner's maxReplicas to 6 (envs/prod.ts).
const INCIDENT_BOUND = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: gateway-partner
spec:
  maxReplicas: 4
`;
const ANNOTATION = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: gateway-public
  annotations:
    example.com/on-call: team-apim
`;

describe("custom/: the team's YAML patches of an env", () => {
  test("a patch is built into the env, and wins over a field the env's differences also set", () => {
    const root = workingCopy();
    expect(read(root, `${OVERLAY}/differences/patches.yaml`)).toMatch(
      /name: gateway-partner\nspec:\n {2}maxReplicas: 6/,
    );
    customPatches(root, { "incident-bound.yaml": INCIDENT_BOUND, "on-call.yaml": ANNOTATION });
    const lite = build(OVERLAY, reader(root));
    expect(
      (find(lite, "HorizontalPodAutoscaler", "gateway-partner")!.spec as { maxReplicas: number }).maxReplicas,
    ).toBe(4);
    expect(find(lite, "Deployment", "gateway-public")!.metadata.annotations).toMatchObject({
      "example.com/on-call": "team-apim",
    });
    const kubectl = locate("kubectl");
    if (kubectl) {
      // Kustomize itself agrees (components in order, then the overlay's own transformations).
      const built = spawnSync(kubectl, ["kustomize", path.join(root, "gitops", OVERLAY)], {
        encoding: "utf8",
      });
      expect(built.stderr).toBe("");
      const objects = parseAllDocuments(built.stdout).map((d) => d.toJS() as K8sObject);
      expect(
        (find(objects, "HorizontalPodAutoscaler", "gateway-partner")!.spec as { maxReplicas: number })
          .maxReplicas,
      ).toBe(4);
      expect(find(objects, "Deployment", "gateway-public")!.metadata.annotations).toMatchObject({
        "example.com/on-call": "team-apim",
      });
    } else {
      console.warn("SKIPPED the kubectl half of the custom/ build: kubectl not found");
      if (process.env.REQUIRE_KUBECTL === "1")
        throw new Error("REQUIRE_KUBECTL=1 but kubectl is not on PATH");
    }
    const result = synth(root);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    // Synth never changes the team's component or its patches.
    expect(read(root, `${OVERLAY}/custom/incident-bound.yaml`)).toBe(INCIDENT_BOUND);
  });

  test("a patch that breaks a rule fails synth with the check's finding", () => {
    const root = workingCopy();
    customPatches(root, {
      "debug.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: gateway-public
spec:
  template:
    spec:
      containers:
        - name: gateway-public
          securityContext:
            privileged: true
`,
    });
    const result = synth(root);
    expect(result.status).toBe(1);
    // K6 (not privileged, SECU-3) fails on prod's public gateway container, and nothing else does.
    const failing = result.stdout.split("\n").filter((l) => l.startsWith("  failing "));
    const k6 = MANIFEST_CHECKS.find((c) => c.id === "K6")!;
    expect(failing).toEqual(
      k6.requirements.map(
        (r) => `  failing ${r}: K6 prod/Deployment/apim/gateway-public/gateway-public: privileged`,
      ),
    );
    expect(result.stdout).toMatch(/^dev: .* 0 failing/m);
  });

  test("a patch that raises a bound past the node groups fails synth with the placement finding", () => {
    const root = workingCopy();
    // prod's apim group holds 12 + 6 gateways at 12 nodes, 13.04 of their 19.50 free CPU
    // (docs/conformance/prod.md); 14 more partner gateways at 500m each cannot fit.
    customPatches(root, {
      "partner-bound.yaml": INCIDENT_BOUND.replace("maxReplicas: 4", "maxReplicas: 20"),
    });
    const result = synth(root);
    expect(result.status).toBe(1);
    const failing = result.stdout.split("\n").filter((l) => l.startsWith("  failing "));
    const placement = failing.filter((l) => l.includes(": P32 "));
    expect(placement.map((l) => /^ {2}failing ([A-Z0-9-]+):/.exec(l)![1]).sort()).toEqual([
      "HA-1",
      "K8S-8",
      "K8S-9",
      "SIZ-1",
    ]);
    for (const line of placement) {
      expect(line).toContain(
        ": P32 prod/node-group/apim/HPA maxima: node group apim: at the HPA maxima (gateway-public 12, gateway-partner 20)",
      );
      // It says which maximum would hold them: a multiple of the three zones above 12.
      const fits = Number(/; maxSize (\d+) would hold it \(K8S-8, K8S-9\);/.exec(line)?.[1]);
      expect(fits % 3 === 0 && fits > 12).toBe(true);
      // And where the manifests part from the env config: the patched bound.
      expect(line).toMatch(
        /; the manifests ask more than envs\/prod implies: gateway-partner replicas \d+-20 \(config: \d+-6\)/,
      );
    }
    // The events volume, sized from the config's maxima, is too small for them too (P16, STO-4).
    expect(failing.filter((l) => !l.includes(": P32 ")).map((l) => / (P\d+) /.exec(l)?.[1])).toEqual(
      expect.arrayContaining(["P16"]),
    );
    expect(failing.filter((l) => !/: P(32|16) /.test(l))).toEqual([]);
    expect(result.stdout).toMatch(/^dev: .* 0 failing/m);
  });
});

describe("custom/ left in a state Kustomize refuses: synth stops with one line and writes nothing", () => {
  const stops = (root: string, line: string) => {
    const before = read(root, `${OVERLAY}/differences/patches.yaml`);
    const result = synth(root);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`gitops: ${line} (nothing was written)\n`);
    expect(fs.existsSync(path.join(root, "cdktf.out"))).toBe(false);
    expect(read(root, `${OVERLAY}/differences/patches.yaml`)).toBe(before);
  };

  test("a listed patch file that is gone (Flux could not build the env either)", () => {
    const root = workingCopy();
    customPatches(root, { "incident-bound.yaml": INCIDENT_BOUND });
    fs.rmSync(path.join(root, "gitops", OVERLAY, "custom", "incident-bound.yaml"));
    stops(root, `${OVERLAY}/custom/incident-bound.yaml: listed in a kustomization, but no such file`);
  });

  test("a component with no field at all", () => {
    const root = workingCopy();
    write(
      root,
      `${OVERLAY}/custom/kustomization.yaml`,
      "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n",
    );
    stops(
      root,
      `${OVERLAY}/custom/kustomization.yaml is empty (Kustomize refuses it; a component without patches says patches: [])`,
    );
  });
});

describe("release/: the team's image tags", () => {
  const withGroup = (): EnvironmentInput => {
    const changed = structuredClone(prod);
    changed.apim.gatewayGroups.push(
      gatewayGroup("internal", "internal.apim.example.com", "7.7.20250101-r3", { maxReplicas: 4 }),
    );
    // Room for the group's pods (synth validates the node groups' capacity).
    changed.nodeGroups.apim = { ...changed.nodeGroups.apim, maxSize: changed.nodeGroups.apim.maxSize + 3 };
    return changed;
  };

  test("a new group's image is added at its initial tag, a tag the team set is kept, and a gone group's image is removed", () => {
    const root = workingCopy();
    const file = `${OVERLAY}/release/kustomization.yaml`;
    // The team promoted the public gateway earlier.
    const promoted = withReleaseTag(read(root, file), "apim/gateway-public", "7.7.20250530-r2")!;
    write(root, file, promoted);

    const added = synth(root, [dev, testEnv, withGroup()]);
    expect(added.stderr).toBe("");
    expect(added.status).toBe(0);
    expect(added.stdout).toContain(
      `updated team-owned gitops/${file}: added apim/gateway-internal at 7.7.20250101-r3`,
    );
    const release = parse(read(root, file)) as {
      images: { name: string; newName: string; newTag: string }[];
    };
    const tag = (name: string) => release.images.find((i) => i.name === name)?.newTag;
    expect(tag("apim/gateway-internal")).toBe("7.7.20250101-r3");
    expect(release.images.find((i) => i.name === "apim/gateway-internal")!.newName).toBe(
      "333333333333.dkr.ecr.eu-west-1.amazonaws.com/apim/gateway-internal",
    );
    expect(tag("apim/gateway-public")).toBe("7.7.20250530-r2");
    expect(read(root, file).startsWith("# Image tags of this env, owned by the team")).toBe(true);
    // The group's Deployment runs the image from the env's registry, pinned.
    const built = build(OVERLAY, reader(root));
    const deployment = find(built, "Deployment", "gateway-internal")!;
    const image = (deployment.spec as { template: { spec: { containers: { image: string }[] } } }).template
      .spec.containers[0].image;
    expect(image).toBe("333333333333.dkr.ecr.eu-west-1.amazonaws.com/apim/gateway-internal:7.7.20250101-r3");

    const removed = synth(root, [dev, testEnv, prod]);
    expect(removed.status).toBe(0);
    expect(removed.stdout).toContain(
      `updated team-owned gitops/${file}: removed apim/gateway-internal (the registry of prod no longer has it: no gateway group runs it)`,
    );
    expect(read(root, file)).toBe(promoted);
  });

  test("--check reports a release file that lacks a group's image", () => {
    const root = workingCopy();
    const result = spawnSync(
      process.execPath,
      [path.join(REPO, "scripts", "run-app.js"), "--root", root, "--check", "--environments", envFile(root)],
      { encoding: "utf8" },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`gitops/${OVERLAY}/release/kustomization.yaml: stale`);
  });

  function envFile(root: string): string {
    const file = path.join(root, "envs.json");
    fs.writeFileSync(file, JSON.stringify([dev, testEnv, withGroup()]));
    return file;
  }

  test("nothing to add or remove leaves the file byte for byte, comments and all", () => {
    const env = validateEnvironments([dev, testEnv, prod]).find((e) => e.name === "prod")!;
    const text = `# our note\n${releaseComponent(env)}`;
    expect(reconcileRelease(env, text)).toEqual({ content: text, changes: [] });
    const withoutPartner = text.replace(/ {2}- name: apim\/gateway-partner\n(?: {4}.*\n){2}/, "");
    expect(withoutPartner).not.toContain("gateway-partner");
    const update = reconcileRelease(env, withoutPartner);
    expect(update.changes).toEqual(["added apim/gateway-partner at 7.7.20240830-r1"]);
    expect(update.content.startsWith("# our note\n# Image tags of this env")).toBe(true);
  });
});

describe("what a team may write in custom/ that the in-process build cannot judge is refused, not misread", () => {
  const tree =
    (files: Record<string, string>): ReadFile =>
    (rel) =>
      files[rel];
  const base = {
    "base/kustomization.yaml": "resources: [deployment.yaml]\n",
    "base/deployment.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: gw
spec:
  template:
    spec:
      containers:
        - name: gw
          image: apim/gw
          volumeMounts:
            - name: tmp
              mountPath: /tmp
`,
    "ov/kustomization.yaml": "resources: [../base]\ncomponents: [custom]\n",
  };
  const custom = (kustomization: string, files: Record<string, string> = {}) =>
    build("ov", tree({ ...base, "ov/custom/kustomization.yaml": kustomization, ...files }));

  test("an inline or targeted patch", () => {
    expect(() => custom("kind: Component\npatches:\n  - patch: |\n      - op: remove\n")).toThrow(
      "only strategic-merge patch files (path:) are supported here",
    );
    expect(() =>
      custom("kind: Component\npatches:\n  - path: p.yaml\n    target: {kind: Deployment}\n"),
    ).toThrow("only strategic-merge patch files (path:) are supported here");
  });

  test("a $patch directive", () => {
    const patch = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: gw\nspec:\n  $patch: replace\n";
    expect(() =>
      custom("kind: Component\npatches:\n  - path: p.yaml\n", { "ov/custom/p.yaml": patch }),
    ).toThrow("ov/custom/p.yaml: strategic-merge directive $patch is not supported here");
  });

  test("a component left with no field, as Kustomize refuses it", () => {
    expect(() => custom("kind: Component\npatches:\n")).toThrow("ov/custom/kustomization.yaml is empty");
    expect(custom("kind: Component\npatches: []\n")).toHaveLength(1);
  });

  test("volume mounts merge by mount path, and a digest pins the image", () => {
    const patch = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: gw
spec:
  template:
    spec:
      containers:
        - name: gw
          volumeMounts:
            - name: tmp
              mountPath: /var/tmp
`;
    const [deployment] = custom(
      "kind: Component\npatches:\n  - path: p.yaml\nimages:\n  - name: apim/gw\n    newName: r.example/apim/gw\n    digest: sha256:" +
        "a".repeat(64) +
        "\n",
      { "ov/custom/p.yaml": patch },
    );
    const [container] = (deployment.spec as { template: { spec: { containers: Record<string, unknown>[] } } })
      .template.spec.containers;
    expect(container.volumeMounts).toEqual([
      { name: "tmp", mountPath: "/var/tmp" },
      { name: "tmp", mountPath: "/tmp" },
    ]);
    expect(container.image).toBe(`r.example/apim/gw@sha256:${"a".repeat(64)}`);
  });
});

test("release/: an entry of the team's own (another registry) survives, and broken YAML is named", () => {
  const env = validateEnvironments([dev, testEnv, prod]).find((e) => e.name === "prod")!;
  const mirror = "  - name: busybox\n    newName: mirror.example.com/busybox\n    newTag: 1.36.1\n";
  const text = `${releaseComponent(env)}${mirror}`;
  expect(reconcileRelease(env, text)).toEqual({ content: text, changes: [] });
  expect(() => reconcileRelease(env, "images: [\n")).toThrow("prod: the release component is not valid YAML");
});

test("release/: a tag change is one line; an image the file does not hold changes nothing", () => {
  const env = validateEnvironments([dev, testEnv, prod]).find((e) => e.name === "prod")!;
  const text = releaseComponent(env);
  const changed = withReleaseTag(text, "apim/gateway-public", "7.7.20250530-r2")!;
  const lines = (t: string) => t.split("\n");
  expect(lines(changed).filter((l, i) => l !== lines(text)[i])).toEqual(["    newTag: 7.7.20250530-r2"]);
  expect(withReleaseTag(text, "apim/gateway-nope", "7.7.20250530-r2")).toBeUndefined();
  // The name is matched literally: "." is not a wildcard.
  expect(withReleaseTag(text, "apim.gateway-public", "7.7.20250530-r2")).toBeUndefined();
});
