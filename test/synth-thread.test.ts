// tools/synth-thread.ts: what main.ts gets from the synth thread in each way the thread can end,
// with stand-in threads (the real one is run by app-bundle.test.ts and every synth).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Worker } from "worker_threads";
import { App } from "cdktf";
import { addEnvironmentStacks } from "../stacks";
import { synthesize } from "../tools/synth";
import { listFiles } from "../tools/output/output-tree";
import { SynthThread } from "../tools/synth-thread";
import { exampleEnvs, synthOutdir, testDir } from "./support/synth-output";

const REPO = path.join(__dirname, "..");

/** A stand-in synth thread running `body` (JavaScript, with parentPort in scope). */
function standIn(body: string): SynthThread {
  return new SynthThread({
    worker: new Worker(`const { parentPort } = require("worker_threads");\n${body}`, { eval: true }),
  });
}

const ANSWERS_ONCE =
  'parentPort.once("message", (m) => { parentPort.postMessage(REPLY); parentPort.close(); });';

test("an answer resolves to the output folder, and only once the thread has ended", async () => {
  // The stand-in's last act, after answering, leaves a mark: the promise must not resolve before it.
  const mark = path.join(fs.mkdtempSync(path.join(testDir(), "synth-thread-")), "thread-ended");
  const thread = new SynthThread({
    worker: new Worker(
      `const { parentPort, workerData } = require("worker_threads");
       ${ANSWERS_ONCE.replace("REPLY", '{ outdir: m.outdir + "/done" }')}
       process.on("exit", () => require("fs").writeFileSync(workerData, "ended"));`,
      { eval: true, workerData: mark },
    ),
  });
  await expect(thread.synthesize([], "/out")).resolves.toBe("/out/done");
  expect(fs.readFileSync(mark, "utf8")).toBe("ended");
});

test("an error synth threw on the thread is the error main.ts gets, with its name and message", async () => {
  const thread = standIn(
    ANSWERS_ONCE.replace(
      "REPLY",
      '{ error: { name: "ValidationError", message: "stack prod-data: provider aws is not configured" } }',
    ),
  );
  const error = await thread.synthesize([], "/out").catch((e: unknown) => e);
  expect(error).toBeInstanceOf(Error);
  expect(error).toMatchObject({
    name: "ValidationError",
    message: "stack prod-data: provider aws is not configured",
  });
});

test("a thread that ends without answering is an error, not a wait without end", async () => {
  const thread = standIn('parentPort.once("message", () => process.exit(3));');
  await expect(thread.synthesize([], "/out")).rejects.toThrow(
    "the synth thread ended (exit code 3) without an answer",
  );
});

test("a thread that fails to load is an error naming why", async () => {
  const thread = standIn("throw new Error(\"Cannot find module 'cdktf'\");");
  await expect(thread.synthesize([], "/out")).rejects.toThrow("Cannot find module 'cdktf'");
});

test("what befell the thread before the app took it over (run-app.js starts it first) is not lost", async () => {
  const idle = () => new Worker("", { eval: true });
  const failed = new SynthThread({ worker: idle(), failure: new Error("Cannot find module 'cdktf'") });
  await expect(failed.synthesize([], "/out")).rejects.toThrow("Cannot find module 'cdktf'");
  const ended = new SynthThread({ worker: idle(), exitCode: 7 });
  await expect(ended.synthesize([], "/out")).rejects.toThrow(
    "the synth thread ended (exit code 7) without an answer",
  );
});

test("a thread is asked once", async () => {
  const thread = standIn(ANSWERS_ONCE.replace("REPLY", "{ outdir: m.outdir }"));
  const first = thread.synthesize([], "/out");
  expect(() => thread.synthesize([], "/again")).toThrow("a synth thread serves one request");
  await expect(first).resolves.toBe("/out");
});

test("a run that stops before asking (an invalid env) does not wait for the thread", () => {
  // The stand-in lives on for two seconds and then leaves a mark: a process that waited for it finds the mark.
  const dir = fs.mkdtempSync(path.join(testDir(), "synth-thread-unasked-"));
  const mark = path.join(dir, "thread-ended");
  const script = `
    require(${JSON.stringify(path.join(REPO, "scripts", "register-ts.js"))});
    const { Worker } = require("worker_threads");
    const { SynthThread } = require(${JSON.stringify(path.join(REPO, "tools", "synth-thread.ts"))});
    new SynthThread({ worker: new Worker(
      'setTimeout(() => require("fs").writeFileSync(require("worker_threads").workerData, "ended"), 2000);',
      { eval: true, workerData: ${JSON.stringify(mark)} },
    ) });
  `;
  const result = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  expect(fs.existsSync(mark)).toBe(false);
});

test("each env's stacks the thread announces reach the listener in order, before the answer", async () => {
  const thread = standIn(`parentPort.once("message", (m) => {
    parentPort.postMessage({ written: { env: "dev", stacks: ["dev-a", "dev-b"] } });
    parentPort.postMessage({ written: { env: "prod", stacks: ["prod-a"] } });
    parentPort.postMessage({ outdir: m.outdir });
    parentPort.close();
  });`);
  const heard: unknown[] = [];
  const answer = thread.synthesize([], "/out", (written) => heard.push(written));
  // What had been heard when the answer came.
  await expect(answer.then((outdir) => ({ outdir, heard: heard.length }))).resolves.toEqual({
    outdir: "/out",
    heard: 2,
  });
  expect(heard).toEqual([
    { env: "dev", stacks: ["dev-a", "dev-b"] },
    { env: "prod", stacks: ["prod-a"] },
  ]);
});

test("synth announces an env once all its stacks are written, before it writes the next env's", () => {
  const envs = exampleEnvs();
  const outdir = path.join(fs.mkdtempSync(path.join(testDir(), "synth-announce-")), "cdktf.out");
  const stackFile = (stack: string) => path.join(outdir, "stacks", stack, "cdk.tf.json");
  const heard: { env: string; stacks: readonly string[]; laterWritten: string[] }[] = [];
  synthesize(envs, outdir, (written) => {
    // What main.ts reads at this moment: every stack of the env, complete JSON.
    for (const stack of written.stacks)
      expect(() => JSON.parse(fs.readFileSync(stackFile(stack), "utf8"))).not.toThrow();
    const later = envs.slice(envs.findIndex((e) => e.name === written.env) + 1);
    const laterWritten = fs.existsSync(path.join(outdir, "stacks"))
      ? fs
          .readdirSync(path.join(outdir, "stacks"))
          .filter((s) => later.some((e) => s.startsWith(`${e.name}-`)))
      : [];
    heard.push({ ...written, laterWritten });
  });
  expect(heard.map((h) => h.env)).toEqual(envs.map((e) => e.name));
  expect(heard.flatMap((h) => h.laterWritten)).toEqual([]);
  // The stacks announced are the stacks written: each env's, as cdktf's manifest lists them.
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as {
    stacks: Record<string, unknown>;
  };
  expect(heard.flatMap((h) => h.stacks).sort()).toEqual(Object.keys(manifest.stacks).sort());
  for (const h of heard) expect(h.stacks.every((s) => s.startsWith(`${h.env}-`))).toBe(true);
  fs.rmSync(path.dirname(outdir), { recursive: true, force: true });
});

test("synth, one App per env, writes what one App of every env writes, manifest.json included", () => {
  const dir = fs.mkdtempSync(path.join(testDir(), "synth-one-app-"));
  const single = new App({ outdir: path.join(dir, "one-app") });
  for (const env of exampleEnvs()) addEnvironmentStacks(single, env);
  single.synth();
  // The run's synth (test/support/run-folder.ts): synthesize() of the example envs.
  const ours = synthOutdir();
  const files = (root: string) =>
    Object.fromEntries(listFiles(root).map((f) => [f, fs.readFileSync(path.join(root, f), "utf8")]));
  const expected = files(single.outdir);
  expect(Object.keys(expected)).toContain("manifest.json");
  expect(files(ours)).toEqual(expected);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("the synth thread itself (scripts/synth-thread.js) announces each env's stacks before its answer", async () => {
  const envs = exampleEnvs();
  const outdir = path.join(fs.mkdtempSync(path.join(testDir(), "synth-thread-real-")), "cdktf.out");
  const worker = new Worker(path.join(REPO, "scripts", "synth-thread.js"), {
    env: { ...process.env, APIM_APP_ROOT: REPO },
  });
  const heard: { env: string; files: boolean[] }[] = [];
  const answer = new SynthThread({ worker }).synthesize(envs, outdir, (written) =>
    heard.push({
      env: written.env,
      files: written.stacks.map((s) => fs.existsSync(path.join(outdir, "stacks", s, "cdk.tf.json"))),
    }),
  );
  await expect(answer.then((dir) => ({ dir, heard: heard.length }))).resolves.toEqual({
    dir: outdir,
    heard: envs.length,
  });
  expect(heard.map((h) => h.env)).toEqual(envs.map((e) => e.name));
  // Each announced stack was on disk when announced: six stacks per env.
  for (const h of heard) expect(h.files).toEqual([true, true, true, true, true, true]);
  fs.rmSync(path.dirname(outdir), { recursive: true, force: true });
});
