// npm run bench: wall time and peak memory of synth and the checks, printed as a table.
// Targets on a 2-core machine: full synth <= 3 s and <= 400 MB; each env beyond 3 adds <= 10 %.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ENVIRONMENTS } from "../envs";
import { prod } from "../envs/prod";
import { EnvironmentInput } from "../envs/schema";

const REPO = path.join(__dirname, "..");
const TIME = fs.existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Row {
  readonly name: string;
  readonly seconds: number;
  readonly peakMb?: number;
}

/** Median wall time and peak RSS of a command over RUNS runs. */
function measure(name: string, command: string, args: string[], runs = RUNS): Row {
  const samples: { seconds: number; peakMb?: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const result = TIME
      ? spawnSync(TIME, ["-f", "%M", command, ...args], {
          cwd: REPO,
          encoding: "utf8",
          env: { ...process.env, CHECKPOINT_DISABLE: "1" },
        })
      : spawnSync(command, args, {
          cwd: REPO,
          encoding: "utf8",
          env: { ...process.env, CHECKPOINT_DISABLE: "1" },
        });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (result.status !== 0) throw new Error(`${name} failed:\n${result.stderr}`);
    const kb = TIME ? Number(result.stderr.trim().split("\n").pop()) : NaN;
    samples.push({ seconds, peakMb: Number.isFinite(kb) ? kb / 1024 : undefined });
  }
  samples.sort((a, b) => a.seconds - b.seconds);
  return { name, ...samples[Math.floor(samples.length / 2)] };
}

const tempRoots: string[] = [];
function tempRoot(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "apim-bench-"));
  tempRoots.push(dir);
  return dir;
}

/** n envs: the examples, then copies of prod in accounts and CIDRs of their own. */
function envCopies(n: number): EnvironmentInput[] {
  const envs: EnvironmentInput[] = [];
  for (let i = 0; envs.length < n; i++) {
    if (i < ENVIRONMENTS.length) {
      envs.push(ENVIRONMENTS[i]);
      continue;
    }
    const copy = structuredClone(prod);
    copy.name = `prod${i}`;
    copy.aws.accountId = String(400000000000 + i);
    copy.dns.domain = `p${i}.apim.example.com`;
    copy.network.vpcCidr = `10.${100 + i}.0.0/16`; // envs' VPCs may not overlap

    copy.apim.gatewayGroups.forEach((g) => (g.host = `${g.name}.p${i}.apim.example.com`));
    envs.push(copy);
  }
  return envs.slice(0, n);
}

function withGroups(count: number): EnvironmentInput[] {
  const env = structuredClone(prod);
  env.apim.gatewayGroups = Array.from({ length: count }, (_, i) => ({
    ...structuredClone(prod.apim.gatewayGroups[0]),
    name: `group${i}`,
    imageRepository: `apim/gateway-group${i}`,
    host: `group${i}.${env.dns.domain}`,
  }));
  env.apim.apiManager.gatewayGroup = "group0";
  return [env];
}

function synthOf(name: string, envs: EnvironmentInput[] | undefined, runner = "scripts/run-app.js"): Row {
  const root = tempRoot();
  const args = [runner, "--root", root];
  if (envs) {
    const file = path.join(root, "envs.json");
    fs.writeFileSync(file, JSON.stringify(envs));
    args.push("--environments", file);
  }
  return measure(name, process.execPath, args);
}

function main(): void {
  const bin = (tool: string) => path.join(REPO, "node_modules", ".bin", tool);
  const rows: Row[] = [
    synthOf("full synth, 3 example envs (npm run synth)", undefined),
    synthOf("synth, 1 env", envCopies(1)),
    synthOf("synth, 3 envs", envCopies(3)),
    synthOf("synth, 12 envs", envCopies(12)),
    synthOf("synth, 1 env with 1 gateway group", withGroups(1)),
    synthOf("synth, 1 env with 8 gateway groups", withGroups(8)),
    measure("tsc --noEmit", bin("tsc"), ["--noEmit", "--incremental", "false"], 1),
    measure(
      "default cdktf path: cdktf synth + type-checking ts-node, 3 envs",
      bin("cdktf"),
      [
        "synth",
        "--app",
        `${bin("ts-node")} main.ts --root ${tempRoot()}`,
        "--output",
        path.join(tempRoot(), "cdktf.out"),
      ],
      1,
    ),
  ];
  // The proofs that run or simulate what we generate (#11): each a jest run of its own files, so
  // every row includes jest's start-up and the one synth of its global setup.
  const proofs: [string, string[]][] = [
    [
      "proof: user data and operator scripts executed in the sandbox",
      ["test/cassandra-boot.test.ts", "test/operator-scripts.test.ts"],
    ],
    [
      "proof: access table simulated with the IAM engine",
      ["test/access-table.test.ts", "test/controller-reference-policies.test.ts"],
    ],
    ["proof: deploy path executed through the cdktf CLI", ["test/deploy-path.test.ts"]],
    [
      "proof: permissions, WAF and internal ALB simulated",
      ["test/network.test.ts", "test/waf.test.ts", "test/internal-alb.test.ts"],
    ],
  ];
  for (const [name, files] of proofs) {
    const present = files.filter((f) => fs.existsSync(path.join(REPO, f)));
    if (present.length) rows.push(measure(name, bin("jest"), ["--silent", ...present], 1));
  }
  if (!process.argv.includes("--quick"))
    rows.push(measure("test suite (jest, incl. terraform plan)", bin("jest"), ["--silent"], 1));

  const three = rows.find((r) => r.name === "synth, 3 envs")!.seconds;
  const twelve = rows.find((r) => r.name === "synth, 12 envs")!.seconds;
  const perExtraEnv = (twelve - three) / 9;
  const full = rows[0];
  const cdktfDefault = rows.find((r) => r.name.startsWith("default cdktf path"))!;

  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`| ${"measurement".padEnd(width)} | wall (s) | peak RSS (MB) |`);
  console.log(`|${"-".repeat(width + 2)}|----------|---------------|`);
  for (const r of rows) {
    console.log(
      `| ${r.name.padEnd(width)} | ${r.seconds.toFixed(2).padStart(8)} | ${(r.peakMb?.toFixed(0) ?? "n/a").padStart(13)} |`,
    );
  }
  console.log("");
  console.log(`median of ${RUNS} runs for synth rows; node ${process.version}, ${os.cpus().length} cores`);
  console.log(
    `full synth: ${full.seconds.toFixed(2)} s (target <= 3 s), ${full.peakMb?.toFixed(0) ?? "n/a"} MB (target <= 400 MB)`,
  );
  console.log(
    `each env beyond 3: +${perExtraEnv.toFixed(3)} s = ${((perExtraEnv / three) * 100).toFixed(1)} % of the 3-env time (target <= 10 %)`,
  );
  console.log(`default cdktf path / this app's path: ${(cdktfDefault.seconds / full.seconds).toFixed(1)}x`);
}

try {
  main();
} finally {
  tempRoots.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }));
}
