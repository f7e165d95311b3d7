// The pipeline and the runbooks only use commands that exist: npm scripts of package.json,
// scripts/ files of this repository, and stacks that synth produces.
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { STACK_KINDS } from "../lib/naming";

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
    "disaster-recovery.md",
    "first-deployment.md",
    "patch-and-service-pack.md",
    "promote-release.md",
  ]);
});
