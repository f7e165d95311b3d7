// The pull request saves one plan per changed stack; the deploy applies exactly those; a nightly
// job reports drift. The three scripts, executed with a stand-in terraform that answers as the real
// one does for each case (a stale plan, outputs that change, drift, an error).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { testDir } from "./support/synth-output";

const REPO = path.join(__dirname, "..");

// Records "<stack> <args>" and answers per stack: STALE (apply refused), OUTPUTS (outputs change on
// apply), DRIFT (plan exit 2), BROKEN (plan exit 1).
const TERRAFORM = `#!/usr/bin/env bash
dir=\${1#-chdir=}; shift
stack=$(basename "$dir")
echo "$stack $*" >> "$TF_LOG"
case "$1" in
  init) echo "Terraform has been successfully initialized!" ;;
  plan)
    for a in "$@"; do [[ $a == -out=* ]] && echo "binary plan" > "\${a#-out=}"; done
    [[ " $TF_BROKEN " == *" $stack "* ]] && { echo "Error: error configuring Terraform AWS Provider"; exit 1; }
    if [[ " $TF_DRIFT " == *" $stack "* ]]; then echo "Plan: 0 to add, 2 to change, 0 to destroy."; exit 2; fi
    echo "No changes." ;;
  show) echo "plan of $stack" ;;
  output)
    if [[ " $TF_OUTPUTS " == *" $stack "* && -f "$TF_LOG.$stack.applied" ]]; then echo '{"id":{"value":"new"}}'; else echo '{"id":{"value":"old"}}'; fi ;;
  apply)
    if [[ " $TF_STALE " == *" $stack "* ]]; then
      echo "Error: Saved plan is stale" >&2; exit 1
    fi
    touch "$TF_LOG.$stack.applied"; echo "Apply complete!" ;;
esac
`;

interface Sandbox {
  readonly root: string;
  readonly log: string;
}

/** A checkout with synthesized stacks: b reads a; c reads nothing. */
function sandbox(): Sandbox {
  const root = fs.mkdtempSync(path.join(testDir(), "apim-saved-plans-"));
  const stacks: Record<string, object> = {
    a: { resource: {} },
    b: { data: { terraform_remote_state: { "cross-stack-reference-input-a": {} } } },
    c: { resource: {} },
  };
  for (const [name, json] of Object.entries(stacks)) {
    fs.mkdirSync(path.join(root, "cdktf.out", "stacks", name), { recursive: true });
    fs.writeFileSync(path.join(root, "cdktf.out", "stacks", name, "cdk.tf.json"), JSON.stringify(json));
  }
  fs.mkdirSync(path.join(root, "bin"));
  fs.writeFileSync(path.join(root, "bin", "terraform"), TERRAFORM, { mode: 0o755 });
  return { root, log: path.join(root, "terraform.log") };
}

function run(s: Sandbox, script: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(path.join(REPO, "scripts", script), args, {
    cwd: s.root,
    encoding: "utf8",
    env: { ...process.env, PATH: `${path.join(s.root, "bin")}:${process.env.PATH}`, TF_LOG: s.log, ...env },
  });
  const calls = fs.existsSync(s.log) ? fs.readFileSync(s.log, "utf8").trim().split("\n") : [];
  return { ...result, calls };
}

describe("scripts/plan-stacks.sh", () => {
  test("each stack is initialized, planned into <stack>.tfplan and shown as text, in the order given", () => {
    const s = sandbox();
    const r = run(s, "plan-stacks.sh", ["plans", "a", "b"]);
    expect(r.status).toBe(0);
    const plans = path.join(s.root, "plans");
    expect(r.calls).toEqual([
      "a init -input=false -no-color",
      `a plan -input=false -no-color -out=${plans}/a.tfplan`,
      `a show -no-color ${plans}/a.tfplan`,
      "b init -input=false -no-color",
      `b plan -input=false -no-color -out=${plans}/b.tfplan`,
      `b show -no-color ${plans}/b.tfplan`,
    ]);
    expect(fs.readFileSync(path.join(plans, "b.txt"), "utf8")).toBe("plan of b\n");
  });

  test("a stack that was not synthesized stops the job, naming it", () => {
    const r = run(sandbox(), "plan-stacks.sh", ["plans", "a", "missing"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("plan-stacks: missing: no cdktf.out/stacks/missing/cdk.tf.json");
  });
});

describe("scripts/apply-reviewed-plans.sh", () => {
  function withPlans(stacks: string[]): Sandbox {
    const s = sandbox();
    fs.mkdirSync(path.join(s.root, "plans"));
    for (const stack of stacks) fs.writeFileSync(path.join(s.root, "plans", `${stack}.tfplan`), "saved");
    return s;
  }
  const applies = (calls: string[]) => calls.filter((c) => / apply /.test(c)).map((c) => c.split(" ")[0]);

  test("applies each reviewed plan file, in the order given", () => {
    const s = withPlans(["a", "b"]);
    const r = run(s, "apply-reviewed-plans.sh", ["plans", "a", "b"]);
    expect(r.status).toBe(0);
    expect(r.calls).toContain(`a apply -input=false -no-color ${path.join(s.root, "plans")}/a.tfplan`);
    expect(applies(r.calls)).toEqual(["a", "b"]);
  });

  test("a plan whose state changed since review is refused by terraform, and the deploy stops there", () => {
    const r = run(withPlans(["a", "c"]), "apply-reviewed-plans.sh", ["plans", "a", "c"], { TF_STALE: "a" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("Saved plan is stale");
    expect(r.stderr).toContain(
      "apply-reviewed-plans: a: terraform refused or failed to apply the reviewed plan",
    );
    expect(applies(r.calls)).toEqual(["a"]);
  });

  test("a downstream plan made with upstream outputs this deploy changed is refused", () => {
    const r = run(withPlans(["a", "b"]), "apply-reviewed-plans.sh", ["plans", "a", "b"], { TF_OUTPUTS: "a" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      "apply-reviewed-plans: b: its plan read the outputs of a, which this deploy changed",
    );
    expect(applies(r.calls)).toEqual(["a"]);
  });

  test("a stack that does not read the changed outputs is still applied", () => {
    const r = run(withPlans(["a", "c"]), "apply-reviewed-plans.sh", ["plans", "a", "c"], { TF_OUTPUTS: "a" });
    expect(r.status).toBe(0);
    expect(applies(r.calls)).toEqual(["a", "c"]);
  });

  test("a changed stack without a reviewed plan stops the deploy before any apply of it", () => {
    const r = run(withPlans(["a"]), "apply-reviewed-plans.sh", ["plans", "a", "c"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("apply-reviewed-plans: c: no reviewed plan in");
    expect(applies(r.calls)).toEqual(["a"]);
  });
});

describe("scripts/drift-report.sh", () => {
  test("one table row per stack: no drift, drift with Terraform's plan line, an error with its message", () => {
    const s = sandbox();
    const summary = path.join(s.root, "summary.md");
    const r = run(s, "drift-report.sh", [summary, "a", "b", "c"], { TF_DRIFT: "b", TF_BROKEN: "c" });
    expect(r.status).toBe(1);
    expect(fs.readFileSync(summary, "utf8")).toBe(
      [
        "| stack | result |",
        "|---|---|",
        "| a | no drift |",
        "| b | drift: Plan: 0 to add, 2 to change, 0 to destroy. |",
        "| c | error: Error: error configuring Terraform AWS Provider |",
        "",
      ].join("\n"),
    );
    expect(r.calls.filter((c) => / plan /.test(c))).toEqual(
      ["a", "b", "c"].map((st) => `${st} plan -detailed-exitcode -input=false -lock=false -no-color`),
    );
  });

  test("no drift anywhere: exit 0", () => {
    const s = sandbox();
    const r = run(s, "drift-report.sh", [path.join(s.root, "summary.md"), "a", "b"]);
    expect(r.status).toBe(0);
  });
});
