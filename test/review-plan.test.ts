// npm run review end to end, on a copy of the working tree: each case edits the sources (never the
// expected output), leaves the edit uncommitted as a developer does, and runs the documented command.
// The verdict comes from Terraform's plan of the head against the base's stand-in state.
import { spawn } from "child_process";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { testDir } from "./support/synth-output";
import { describeWithTools } from "./support/tools";

const REPO = path.join(__dirname, "..");

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly stacks: string[];
  readonly markdown: string;
  readonly dir: string;
}

/** The working tree as it is (not HEAD), committed as main in a repository of its own. */
function workingTreeRepository(): string {
  const dir = fs.mkdtempSync(path.join(testDir(), "apim-review-e2e-"));
  const skip = new Set(["node_modules", ".git", "cdktf.out"]);
  fs.cpSync(REPO, dir, {
    recursive: true,
    filter: (src) => {
      const top = path.relative(REPO, src).split(path.sep)[0];
      return !skip.has(top) && !top.startsWith(".synth-");
    },
  });
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, encoding: "utf8" });
  git("init", "--quiet", "-b", "main");
  git("add", "-A");
  git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "--quiet", "-m", "base");
  git("checkout", "--quiet", "-b", "change");
  // The dependencies, linked as installed (after the commit: a link is not a folder to .gitignore).
  fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

/** Replaces text in a source file of the copy; a replacement that matches nothing fails the test. */
function edit(dir: string, file: string, from: string | RegExp, to: string): void {
  const target = path.join(dir, file);
  const text = fs.readFileSync(target, "utf8");
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`edit of ${file}: ${String(from)} matched nothing`);
  fs.writeFileSync(target, changed);
}

function review(dir: string, args: string[]): Promise<Run> {
  const stacksFile = path.join(dir, "changed-stacks.txt");
  const markdownFile = path.join(dir, "review.md");
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["scripts/run-ts.js", "scripts/review.ts", "--stacks", stacksFile, "--markdown", markdownFile, ...args],
      { cwd: dir, env: { ...process.env, CHECKPOINT_DISABLE: "1" } },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) =>
      resolve({
        status,
        stdout,
        stderr,
        dir,
        stacks: fs.existsSync(stacksFile)
          ? fs.readFileSync(stacksFile, "utf8").split("\n").filter(Boolean)
          : [],
        markdown: fs.existsSync(markdownFile) ? fs.readFileSync(markdownFile, "utf8") : "",
      }),
    );
  });
}

/** Resource names of a type in a stack of the unchanged synth, by construct path part. */
function resourceName(stack: string, type: string, part: string): string {
  const json = JSON.parse(
    fs.readFileSync(path.join(REPO, "cdktf.out", "stacks", stack, "cdk.tf.json"), "utf8"),
  );
  const names = Object.keys(json.resource[type]).filter((n) => n.includes(part));
  if (names.length !== 1) throw new Error(`${stack} ${type} *${part}*: ${names.length} matches`);
  return names[0];
}

describeWithTools("npm run review on the working tree, verdict from Terraform's plan", ["terraform"], () => {
  const runs: Record<string, Run> = {};

  beforeAll(async () => {
    const cases: Record<string, () => Promise<Run>> = {
      // The prod VPC moves to another range, and dev's Cassandra ring is renamed without moved blocks.
      destructive: async () => {
        const dir = workingTreeRepository();
        edit(dir, "envs/prod.ts", 'vpcCidr: "10.30.0.0/16"', 'vpcCidr: "10.31.0.0/16"');
        edit(dir, "envs/prod.ts", 'version: "1.33"', 'version: "1.32"');
        edit(
          dir,
          "stacks/data-stack.ts",
          'new CassandraRing(this, "cassandra"',
          'new CassandraRing(this, env.name === "dev" ? "ring" : "cassandra"',
        );
        return review(dir, ["--base", "main"]);
      },
      // The database construct is renamed and the rename carried by moveFromId; the registry stacks
      // gain an output and a provider; the base is the default one, the merge base with main.
      passing: async () => {
        const dir = workingTreeRepository();
        const database = resourceName("dev-data", "aws_db_instance", "mysql_instance");
        edit(
          dir,
          "stacks/data-stack.ts",
          'new MysqlDatabase(this, "mysql"',
          'new MysqlDatabase(this, env.name === "dev" ? "metrics-database" : "mysql"',
        );
        edit(
          dir,
          "stacks/data-stack.ts",
          /(this\.database = new MysqlDatabase\([^;]*;)/s,
          `$1\n    if (env.name === "dev") this.database.instance.moveFromId("aws_db_instance.${database}");`,
        );
        edit(
          dir,
          "stacks/registry-stack.ts",
          "    new EcrReplicationConfiguration(this,",
          '    new TerraformOutput(this, "repository-count", { value: this.repositories.length });\n    void this.drProvider;\n    new EcrReplicationConfiguration(this,',
        );
        edit(
          dir,
          "stacks/registry-stack.ts",
          /^import /m,
          'import { TerraformOutput } from "cdktf";\nimport ',
        );
        return review(dir, []);
      },
      // An instance type change of the ring (accepted with the flag) and a destructive rename of
      // dev's image repositories, both accepted by --allow-destructive.
      accepted: async () => {
        const dir = workingTreeRepository();
        edit(
          dir,
          "envs/prod.ts",
          "  ...REFERENCE_SIZING,\n",
          '  ...REFERENCE_SIZING,\n  cassandra: { ...REFERENCE_SIZING.cassandra, instanceType: "r5.large" },\n',
        );
        edit(
          dir,
          "stacks/registry-stack.ts",
          'new ImageRepository(this, name.replace(/\\//g, "-"),',
          'new ImageRepository(this, `${env.name === "dev" ? "images-" : ""}${name.replace(/\\//g, "-")}`,',
        );
        return review(dir, ["--base", "main", "--allow-destructive"]);
      },
    };
    const names = Object.keys(cases);
    const queue = [...names];
    await Promise.all(
      [0, 1].map(async () => {
        for (let name = queue.shift(); name; name = queue.shift()) runs[name] = await cases[name]();
      }),
    );
  });

  afterAll(() => {
    for (const r of Object.values(runs)) fs.rmSync(r.dir, { recursive: true, force: true });
  });

  test("a VPC range change fails, naming the VPC and the Cassandra instances replaced through the remote state", () => {
    const r = runs.destructive;
    expect(r.stderr).not.toMatch(/Error|failed/);
    expect(r.status).toBe(1);
    const vpc = resourceName("prod-network", "aws_vpc", "vpc_");
    for (const node of [0, 1, 2]) {
      const instance = resourceName("prod-data", "aws_instance", `cassandra_node-${node}_`);
      const line = r.stdout
        .split("\n")
        .findIndex((l) => l.includes(`\`prod-data\` \`aws_instance.${instance}\``));
      expect(line).toBeGreaterThan(-1);
      const block = r.stdout
        .split("\n")
        .slice(line, line + 5)
        .join("\n");
      expect(block).toContain("Terraform replaces it (subnet_id)");
      expect(block).toMatch(
        new RegExp(`subnet_id follows prod-network aws_subnet\\.vpc_data-${node}_[0-9A-F]+, replaced`),
      );
      expect(block).toContain(`follows prod-network aws_vpc.${vpc}, replaced (cidr_block)`);
    }
    expect(r.stacks).toEqual(
      expect.arrayContaining(["prod-cluster", "prod-data", "prod-network", "prod-platform"]),
    );
  });

  test("renamed data volumes are paired one to one, each with the moveFromId call that carries it", () => {
    const r = runs.destructive;
    const pairs = [0, 1, 2].map((n) => {
      const old = resourceName("dev-data", "aws_ebs_volume", `cassandra_data-${n}_`);
      const match = new RegExp(
        `aws_ebs_volume\\.${old} is gone and aws_ebs_volume\\.(ring_data-(\\d)_[0-9A-F]+) is new: .*construct path \`dev-data/ring/data-(\\d)\`, call \`\\.moveFromId\\("aws_ebs_volume\\.${old}"\\)\``,
      ).exec(r.stdout);
      expect(match).not.toBeNull();
      return { from: n, to: Number(match![2]), path: Number(match![3]) };
    });
    expect(pairs).toEqual([0, 1, 2].map((n) => ({ from: n, to: n, path: n })));
    expect(r.stacks).toContain("dev-data");
  });

  test("downgrading Kubernetes is refused, naming env, field, old and new value", () => {
    expect(runs.destructive.stderr).toContain(
      'review: prod: kubernetes.version "1.33" -> "1.32": EKS cannot downgrade a cluster\'s Kubernetes version',
    );
  });

  test("a rename carried by a moved block passes, and shows the move", () => {
    const r = runs.passing;
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const old = resourceName("dev-data", "aws_db_instance", "mysql_instance");
    expect(r.stdout).toMatch(
      new RegExp(
        `\`aws_db_instance\\.metrics-database_instance_[0-9A-F]+\`[^\\n]*\\n  - moved from aws_db_instance\\.${old} by a moved block`,
      ),
    );
    expect(r.stdout).toContain("No destructive change");
  });

  test("an output or provider change lists its stacks for the deploy (default base: the merge base)", () => {
    const r = runs.passing;
    expect(r.stacks).toEqual(
      expect.arrayContaining(["dev-registry", "prod-registry", "test-registry", "dev-data"]),
    );
    expect(r.stdout).toContain("Stacks to deploy:");
  });

  test("--allow-destructive accepts a destroy and an acceptable transition, and the review still lists them", () => {
    const r = runs.accepted;
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.markdown).toMatch(/DESTRUCTIVE: \d+ change\(s\)/);
    expect(r.markdown).toMatch(
      /`dev-registry` `aws_ecr_repository\.apim-admin-node-manager_repository_[0-9A-F]+`: .*moveFromId/,
    );
    expect(r.markdown).toContain('cassandra.instanceType "m5.large" -> "r5.large"');
    expect(r.markdown).toContain("(accepted only with --allow-destructive)");
  });
});

test("a bad --base is one clear line", async () => {
  const r = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      ["scripts/run-ts.js", "scripts/review.ts", "--base", "no-such-revision"],
      {
        cwd: REPO,
      },
    );
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) => resolve({ status, stderr }));
  });
  expect(r.status).toBe(2);
  expect(r.stderr).toBe("review: --base no-such-revision: not a revision of this repository\n");
});
