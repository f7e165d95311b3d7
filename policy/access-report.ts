// The "Access table" section of docs/conformance/<env>.md: each row of lib/access-table.ts with its
// expected result and the one the IAM policy engine computes on this env's synthesized policies.
import { EnvironmentConfig } from "../envs/schema";
import { AccessRow } from "../lib/access-table";
import { AccessOutcome, evaluateAccessTable } from "./access-evaluation";
import { loadEngine } from "./access-simulation";
import { TerraformModel } from "./terraform-model";

function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

/** "key=value; key=value", a list of values as its text: joined with commas. */
function contextText(context: Readonly<Record<string, string | readonly string[]>> = {}): string {
  return Object.entries(context)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join("; ");
}

export function accessTableSection(
  env: EnvironmentConfig,
  terraform: TerraformModel,
  /** The rows to evaluate: the whole table unless given. */
  rows?: readonly AccessRow[],
): string[] {
  const heading = [
    "## Access table (simulated with an IAM policy engine)",
    "",
    "The accesses the platform needs and those it must not have (`lib/access-table.ts`), each evaluated with",
    "`@cloud-copilot/iam-simulate` against this env's synthesized identity, key, bucket, file-system and",
    "repository policies (Terraform references resolved to stable fake ARNs).",
    "",
  ];
  const engine = loadEngine();
  if (!engine) {
    return [
      ...heading,
      "Not simulated: the engine (`@cloud-copilot/iam-simulate`, a dev dependency) is not installed here.",
      "",
    ];
  }
  let outcomes: AccessOutcome[];
  try {
    outcomes = evaluateAccessTable(engine, env, terraform, rows);
  } catch (error) {
    // The report still gets written; test/access-table.test.ts fails on the same cause.
    return [...heading, `Not simulated: ${cell((error as Error).message)}`, ""];
  }
  const agree = outcomes.filter((o) => o.simulated?.decision === o.row.expected).length;
  return [
    ...heading,
    `${agree} of ${outcomes.length} rows as expected.`,
    "",
    "| Row | Principal | Action | Resource | Context | Expected | Simulated | Why | Requirement |",
    "|---|---|---|---|---|---|---|---|---|",
    ...outcomes.map((o) => {
      const r = o.row;
      const simulated = o.simulated
        ? `${o.simulated.decision}${o.simulated.decision === r.expected ? "" : " (MISMATCH)"}`
        : `error: ${o.error!.split("\n")[0]}`;
      return `| ${r.id} | \`${r.principal}\` | ${r.action} | \`${cell(r.resource)}\` | ${cell(contextText(r.context))} | ${r.expected} | ${cell(simulated)} | ${cell(r.why)} | ${r.requirement} |`;
    }),
    "",
  ];
}
