// The overlays hold only what differs per env, and base + groups + patches build exactly the
// objects each env's config asks for. A release is a one-line change that synth leaves alone.
import { releaseFile } from "../gitops-src/apim/overlay-paths";
import { withReleaseTag } from "../gitops-src/apim/release";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { EnvironmentConfig } from "../envs/schema";
import { build, ReadFile } from "../tools/kustomize/kustomize-lite";
import { customComponent } from "../gitops-src/apim/custom";
import { listFiles } from "../tools/output/output-tree";
import { GITOPS, readGitops } from "./support/manifests-helpers";
import { exampleEnvs } from "./support/synth-output";
import { testDir } from "./support/synth-output";

const REPO = path.join(__dirname, "..");

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What an env's config asks of one workload, read from the config (not from the generator). */
interface Asked {
  readonly image: string;
  readonly resources: Json;
  readonly replicas?: number;
  readonly scaling?: { minReplicas: number; maxReplicas: number };
  readonly host?: string;
}

function asked(env: EnvironmentConfig): Map<string, Asked> {
  const group = (name: string) => env.apim.gatewayGroups.find((g) => g.name === name)!;
  const workloads = new Map<string, Asked>([
    [
      "admin-node-manager",
      { image: env.apim.anm.imageRepository, resources: env.apim.anm.sizing.resources, replicas: 1 },
    ],
    [
      "api-manager",
      {
        image: group(env.apim.apiManager.gatewayGroup).imageRepository,
        resources: env.apim.apiManager.sizing.resources,
        replicas: 1,
      },
    ],
  ]);
  for (const g of env.apim.gatewayGroups)
    workloads.set(`gateway-${g.name}`, {
      image: g.imageRepository,
      resources: g.sizing.resources,
      scaling: { minReplicas: g.minReplicas, maxReplicas: g.maxReplicas },
      host: g.host,
    });
  return workloads;
}

/**
 * The committed tree with each env's custom/ component as synth creates it (no patch): what the
 * generator alone produces. A team's own patches there change the env on purpose (a replica bound
 * during an incident); the checks judge them (test/overlay-team-files.test.ts), this test does not.
 */
const withoutTeamPatches: ReadFile = (rel) =>
  /^apps\/apim\/overlays\/[^/]+\/custom\/kustomization\.yaml$/.test(rel)
    ? customComponent()
    : readGitops(rel);

// Built from base + groups + differences + the release file, each env's overlay holds exactly the
// workloads its config asks for, each with the config's image repository, resources, replicas or
// scaling bounds, and public host.
test.each(exampleEnvs().map((e) => [e.name, e] as const))(
  "%s: the overlay builds the workloads its config asks for",
  (_n, env) => {
    const built = build(`apps/apim/overlays/${env.name}`, withoutTeamPatches) as Json[];
    const of = (kind: string, name: string) => built.find((o) => o.kind === kind && o.metadata.name === name);
    const expected = asked(env);
    expect(
      built
        .filter((o) => o.kind === "Deployment")
        .map((o) => o.metadata.name)
        .sort(),
    ).toEqual([...expected.keys()].sort());
    for (const [name, want] of expected) {
      const deployment = of("Deployment", name)!;
      const [container] = deployment.spec.template.spec.containers;
      // The env's own registry, the config's repository and a tag: an image the release file does
      // not rewrite stays a bare name (pulled from Docker Hub) and fails here.
      const pinned = `${env.aws.accountId}.dkr.ecr.${env.aws.region}.amazonaws.com/${want.image}`;
      const image = String(container.image);
      // Pinned by a tag, or by a digest where the team's release file gives one.
      expect(`${name}: ${image.slice(0, pinned.length)}`).toBe(`${name}: ${pinned}`);
      expect(image.slice(pinned.length)).toMatch(/^(:\w[\w.-]{0,127}|@sha256:[0-9a-f]{64})$/);
      // cpu and memory, requests and limits, each as the config says (ephemeral storage is ours).
      const asked = ["requests", "limits"].flatMap((k) =>
        ["cpu", "memory"].map((q) => [k, q, want.resources[k][q]]),
      );
      expect(asked.filter(([, , v]) => !v)).toEqual([]);
      expect(asked.map(([k, q]) => [k, q, container.resources[k][q]])).toEqual(asked);
      expect(deployment.metadata.namespace).toBe("apim");
      if (want.scaling) {
        // The autoscaler owns the replica count: the Deployment leaves it unset.
        expect(deployment.spec.replicas).toBeUndefined();
        expect(of("HorizontalPodAutoscaler", name)?.spec).toMatchObject(want.scaling);
      } else {
        expect(deployment.spec.replicas).toBe(want.replicas);
      }
      // The group's public host, as Flux substitutes it (the env's domain is a cluster variable).
      if (want.host)
        expect(of("Ingress", name)?.spec.rules.map((r: Json) => r.host)).toContain(
          want.host.replace(new RegExp(`\\.${env.dns.domain.replace(/\./g, "\\.")}$`), ".${DOMAIN}"),
        );
    }
  },
);

test("the prod overlay fits on one screen", () => {
  const dir = path.join(GITOPS, "apps", "apim", "overlays", "prod");
  const lines = ["kustomization.yaml", "differences/kustomization.yaml", "differences/patches.yaml"].map(
    (f) => fs.readFileSync(path.join(dir, f), "utf8").split("\n").length,
  );
  expect(lines.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(60);
});

test("a tag bump is a one-line diff that synth leaves alone", () => {
  const root = fs.mkdtempSync(path.join(testDir(), "apim-release-"));
  fs.cpSync(GITOPS, path.join(root, "gitops"), { recursive: true });
  const release = path.join(root, "gitops", releaseFile("prod"));
  const before = fs.readFileSync(release, "utf8");
  const after = withReleaseTag(before, "apim/gateway-partner", "7.7.20250530-r2")!;
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
