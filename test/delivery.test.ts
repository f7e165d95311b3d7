// The pipeline and the runbooks only use commands that exist: npm scripts of package.json,
// scripts/ files of this repository, and stacks that synth produces.
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { STACK_KINDS } from "../lib/naming";
import { ANM_IMAGE_REPOSITORY } from "../envs/defaults";

const REPO = path.join(__dirname, "..");
const scripts = Object.keys(JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")).scripts);
const files = [
  ...fs.readdirSync(path.join(REPO, ".github", "workflows")).map((f) => `.github/workflows/${f}`),
  ...fs.readdirSync(path.join(REPO, "docs", "runbooks")).map((f) => `docs/runbooks/${f}`),
  "README.md",
  "docs/secrets.md",
  "docs/network.md",
];
const text = (f: string) => fs.readFileSync(path.join(REPO, f), "utf8");

test.each(files.filter((f) => f.endsWith(".yml")))("%s is valid YAML with jobs", (f) => {
  const workflow = parse(text(f));
  expect(Object.keys(workflow.jobs).length).toBeGreaterThan(0);
  expect(workflow.on).toBeDefined();
});

test.each(files)("%s: every npm script it runs exists", (f) => {
  const used = [...text(f).matchAll(/npm run (?:-s )?([a-z:]+)/g)].map((m) => m[1]);
  expect(used.filter((s) => !scripts.includes(s))).toEqual([]);
});

test.each(files)("%s: every repository script it names exists", (f) => {
  const named = [...text(f).matchAll(/(?<![\w/])(scripts\/[\w./-]+\.(?:sh|ts|js))/g)].map((m) => m[1]);
  expect(named.filter((s) => !fs.existsSync(path.join(REPO, s)))).toEqual([]);
});

test.each(files)("%s: every stack it deploys or diffs is one synth produces", (f) => {
  const stacks = [...text(f).matchAll(/cdktf (?:deploy|diff) ([a-z0-9<>]+-[a-z0-9-]+)/g)].map((m) => m[1]);
  const kinds = new RegExp(`^([a-z][a-z0-9]*|<env>)-(${STACK_KINDS.join("|")})$`);
  expect(stacks.filter((s) => !kinds.test(s))).toEqual([]);
});

// One stack per `cdktf deploy`, in dependency order: cdktf stops before Terraform runs unless told
// that the stacks it depends on are not part of the run; and every run uses the synthesized
// cdktf.out/ (test/deploy-path.test.ts runs these commands).
const STACK_ARG = String.raw`(?:"?\$stack"?|[a-z0-9<>]+-[a-z0-9-]+)`;

test.each(files)("%s: every cdktf deploy skips synth and cdktf's all-dependencies check", (f) => {
  const deploys = [...text(f).matchAll(new RegExp(`npx cdktf deploy ${STACK_ARG}.*`, "g"))].map((m) => m[0]);
  expect(
    deploys.filter((d) => !/ --skip-synth\b/.test(d) || !/ --ignore-missing-stack-dependencies\b/.test(d)),
  ).toEqual([]);
});

test.each(files)("%s: every cdktf diff uses the synthesized output", (f) => {
  const diffs = [...text(f).matchAll(new RegExp(`npx cdktf diff ${STACK_ARG}.*`, "g"))].map((m) => m[0]);
  expect(diffs.filter((d) => !/ --skip-synth\b/.test(d))).toEqual([]);
});

test.each(files)("%s: the platform stack is deployed through the bastion's tunnel", (f) => {
  const lines = text(f)
    .split("\n")
    .filter((l) => /npx cdktf deploy [a-z0-9<>]+-platform\b/.test(l));
  expect(
    lines.filter((l) => !/scripts\/cluster-tunnel\.sh [a-z0-9<>]+ \S+ -- npx cdktf deploy/.test(l)),
  ).toEqual([]);
});

test("the runbooks the issue asks for exist", () => {
  expect(fs.readdirSync(path.join(REPO, "docs", "runbooks")).sort()).toEqual([
    "add-environment-or-gateway-group.md",
    "backup-and-restore.md",
    "cassandra-rolling-change.md",
    "disaster-recovery.md",
    "first-deployment.md",
    "patch-and-service-pack.md",
    "promote-release.md",
  ]);
});

describe("the image pipeline builds what the EMT scripts and the cluster expect", () => {
  const workflow = parse(
    fs.readFileSync(path.join(__dirname, "..", ".github/workflows/image-build.yml"), "utf8"),
  ) as {
    jobs: { build: { env: Record<string, string>; steps: { name?: string; run?: string; if?: string }[] } };
  };
  const steps = workflow.jobs.build.steps;
  const stepRunning = (script: string) => steps.filter((s) => s.run?.includes(script));

  test("the merge directory is a folder named apigateway, passed to every image build", () => {
    expect(workflow.jobs.build.env.MERGE_DIR).toMatch(/\/apigateway$/);
    const builds = [...stepRunning("build_gw_image.py"), ...stepRunning("build_anm_image.py")];
    expect(builds).toHaveLength(2);
    for (const b of builds) expect(b.run).toContain('--merge-dir "$MERGE_DIR"');
  });

  test("a gateway image carries its group id; the ANM image is built too, with metrics", () => {
    const [gateway] = stepRunning("build_gw_image.py");
    expect(gateway.run).toContain('--group-id "${{ inputs.group }}"');
    expect(gateway.if).toBe("inputs.group != 'anm'");
    const [anm] = stepRunning("build_anm_image.py");
    expect(anm.if).toBe("inputs.group == 'anm'");
    expect(anm.run).toContain("--metrics");
    // The ANM image goes to the repository the cluster pulls it from.
    expect(workflow.jobs.build.env.REPOSITORY).toContain(`'${ANM_IMAGE_REPOSITORY}'`);
  });
});
