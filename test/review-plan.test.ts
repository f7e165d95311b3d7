// npm run review end to end, on a copy of the working tree: each case edits the sources (never the
// expected output), leaves the edit uncommitted as a developer does, and runs the documented command.
// The verdict comes from Terraform's plan of the head against the base's stand-in state.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { terraformModel, testDir } from "./support/synth-output";
import { edit, runReview, workingTreeRepository } from "./support/working-tree";
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

async function review(dir: string, args: string[]): Promise<Run> {
  const stacksFile = path.join(dir, "changed-stacks.txt");
  const markdownFile = path.join(dir, "review.md");
  const run = await runReview(dir, ["--stacks", stacksFile, "--markdown", markdownFile, ...args]);
  const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "");
  return { ...run, dir, stacks: read(stacksFile).split("\n").filter(Boolean), markdown: read(markdownFile) };
}

/** Resource names of a type in a stack of the unchanged synth (the run's one), by name part. */
function resourceName(stack: string, type: string, part: string): string {
  const json = terraformModel().stacks.find((s) => s.name === stack)!.json as {
    resource: Record<string, Record<string, unknown>>;
  };
  const names = Object.keys(json.resource[type]).filter((n) => n.includes(part));
  if (names.length !== 1) throw new Error(`${stack} ${type} *${part}*: ${names.length} matches`);
  return names[0];
}

describeWithTools(
  "npm run review on the working tree, verdict from Terraform's plan",
  ["terraform", "aws-provider-mirror"],
  () => {
    const runs: Record<string, Run> = {};

    beforeAll(async () => {
      const cases: Record<string, () => Promise<Run>> = {
        // The prod VPC moves to another range, the Kubernetes version goes back one minor, and the
        // ring's data volumes are renamed without moved blocks. All in prod: the other envs' stacks
        // stay as they are, so only prod's are planned (each stack's plan costs seconds).
        destructive: async () => {
          const dir = workingTreeRepository();
          edit(dir, "envs/prod.ts", 'vpcCidr: "10.30.0.0/16"', 'vpcCidr: "10.31.0.0/16"');
          edit(dir, "envs/prod.ts", 'version: "1.33"', 'version: "1.32"');
          edit(
            dir,
            "modules/cassandra-ring.ts",
            "new EbsVolume(this, `data-${i}`",
            'new EbsVolume(this, props.namePrefix === "apim-prod" ? `volume-${i}` : `data-${i}`',
          );
          return review(dir, ["--base", "main"]);
        },
        // The database construct is renamed and the rename carried by moveFromId; dev's registry stack
        // gains an output and a provider; the base is the default one, the merge base with main.
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
            /(const database = new MysqlDatabase\([^;]*;)/s,
            `$1\n    if (env.name === "dev") database.instance.moveFromId("aws_db_instance.${database}");`,
          );
          edit(
            dir,
            "stacks/registry-stack.ts",
            "    new EcrReplicationConfiguration(this,",
            '    if (env.name === "dev") {\n      new TerraformOutput(this, "repository-count", { value: this.repositories.length });\n      void this.drProvider;\n    }\n    new EcrReplicationConfiguration(this,',
          );
          edit(
            dir,
            "stacks/registry-stack.ts",
            /^import /m,
            'import { TerraformOutput } from "cdktf";\nimport ',
          );
          return review(dir, []);
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
      expect(r.stderr).toMatch(/^review: \d+ destructive change\(s\); see above/m);
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
        const old = resourceName("prod-data", "aws_ebs_volume", `cassandra_data-${n}_`);
        const match = new RegExp(
          `aws_ebs_volume\\.${old} is gone and aws_ebs_volume\\.(cassandra_volume-(\\d)_[0-9A-F]+) is new: .*construct path \`prod-data/cassandra/volume-(\\d)\`, call \`\\.moveFromId\\("aws_ebs_volume\\.${old}"\\)\``,
        ).exec(r.stdout);
        expect(match).not.toBeNull();
        return { from: n, to: Number(match![2]), path: Number(match![3]) };
      });
      expect(pairs).toEqual([0, 1, 2].map((n) => ({ from: n, to: n, path: n })));
      // The old volumes' blocks are gone: their prevent_destroy no longer stops the apply.
      const volumeLines = r.stdout.split("\n").filter((l) => /^- `prod-data` `aws_ebs_volume\./.test(l));
      expect(volumeLines).toHaveLength(3);
      for (const line of volumeLines) expect(line).not.toContain("prevent_destroy");
      expect(r.stacks).toContain("prod-data");
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
      expect(r.markdown).toContain("**No destructive change.");
      const old = resourceName("dev-data", "aws_db_instance", "mysql_instance");
      expect(r.stdout).toMatch(
        new RegExp(
          `\`aws_db_instance\\.metrics-database_instance_[0-9A-F]+\`[^\\n]*\\n  - moved from aws_db_instance\\.${old} by a moved block`,
        ),
      );
    });

    test("an output or provider change lists its stacks for the deploy (default base: the merge base)", () => {
      const r = runs.passing;
      expect(r.stacks).toEqual(expect.arrayContaining(["dev-data", "dev-registry"]));
      expect(r.stacks.filter((s) => !s.startsWith("dev-"))).toEqual([]);
      expect(r.stdout).toContain("Stacks to deploy:");
    });
  },
);

test("a bad --base is one clear line", async () => {
  const r = await runReview(REPO, ["--base", "no-such-revision"]);
  expect(r.status).toBe(2);
  expect(r.stderr).toBe("review: --base no-such-revision: not a revision of this repository\n");
  const noValue = await runReview(REPO, ["--state"]);
  expect(noValue.status).toBe(2);
  expect(noValue.stderr).toBe("review: --state needs a value\n");
});

test("where CI requires Terraform and it is missing, the review stops at once instead of falling back", async () => {
  const r = await runReview(REPO, ["--base", "HEAD"], {
    ...process.env,
    PATH: onlyGit(testDir()),
    REQUIRE_TERRAFORM: "1",
  });
  expect(r.status).toBe(2);
  expect(r.stderr).toBe("review: REQUIRE_TERRAFORM=1 but terraform is not on PATH\n");
});

/** A folder with only git in it, as PATH: node is started by its own path. */
function onlyGit(dir: string): string {
  const bin = fs.mkdtempSync(path.join(dir, "bin-"));
  const git = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
  fs.symlinkSync(git, path.join(bin, "git"));
  return bin;
}

test("without Terraform on PATH, the review falls back to the JSON and the table, says so, and --allow-destructive accepts a destroy", async () => {
  const dir = workingTreeRepository();
  edit(dir, "envs/dev.ts", "logs: { cloudWatchRetentionDays: 365,", "logs: { cloudWatchRetentionDays: 400,");
  // dev's image repositories renamed without moved blocks: destructive, accepted by the flag.
  edit(
    dir,
    "stacks/registry-stack.ts",
    'new ImageRepository(this, name.replace(/\\//g, "-"),',
    'new ImageRepository(this, `${env.name === "dev" ? "images-" : ""}${name.replace(/\\//g, "-")}`,',
  );
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: onlyGit(dir) };
  delete env.REQUIRE_TERRAFORM; // as on a developer's machine without Terraform
  const markdownFile = path.join(dir, "review.md");
  const r = await runReview(dir, ["--base", "main", "--allow-destructive", "--markdown", markdownFile], env);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  expect(r.stdout).toContain(
    "_Terraform is not installed here: the verdict comes from comparing the synthesized JSON with a hand-kept table",
  );
  expect(r.stdout).toMatch(/- ~ `aws_cloudwatch_log_group\.[^`]+`: retention_in_days/);
  const markdown = fs.readFileSync(markdownFile, "utf8");
  expect(markdown).toMatch(/DESTRUCTIVE: \d+ change\(s\)/);
  expect(markdown).toMatch(
    /`dev-registry` `aws_ecr_repository\.apim-admin-node-manager_repository_[0-9A-F]+`: .*moveFromId/,
  );
  fs.rmSync(dir, { recursive: true, force: true });
});
