// The review of a change: Terraform and manifest differences between two snapshots, with every
// change that would destroy or replace data called out, as markdown for a pull request comment.
import { diffManifests, ObjectChange } from "./manifest-diff";
import { Snapshot } from "./snapshot";
import { diffStacks, ResourceChange } from "./terraform-diff";

export interface Review {
  readonly terraform: ResourceChange[];
  readonly manifests: ObjectChange[];
  readonly destructive: (ResourceChange | ObjectChange)[];
}

export function review(before: Snapshot, after: Snapshot): Review {
  const terraform = diffStacks(before.terraform, after.terraform);
  const envs = [...new Set([...Object.keys(before.manifests), ...Object.keys(after.manifests)])].sort();
  const manifests = envs.flatMap((env) =>
    diffManifests(env, before.manifests[env] ?? [], after.manifests[env] ?? []),
  );
  return { terraform, manifests, destructive: [...terraform, ...manifests].filter((c) => c.destructive) };
}

const SIGN = { added: "+", removed: "-", changed: "~" } as const;

function counts<T extends { kind: keyof typeof SIGN }>(changes: T[]): string {
  return (["added", "changed", "removed"] as const)
    .map((k) => `${SIGN[k]}${changes.filter((c) => c.kind === k).length}`)
    .join(" ");
}

function grouped<T>(items: T[], key: (t: T) => string): [string, T[]][] {
  const map = new Map<string, T[]>();
  for (const i of items) map.set(key(i), [...(map.get(key(i)) ?? []), i]);
  return [...map.entries()];
}

/** The first line: what a reviewer needs to know at a glance. */
export function verdict(r: Review): string {
  const tf = r.terraform.length
    ? `Terraform: ${r.terraform.length} resource change${r.terraform.length === 1 ? "" : "s"} in ${new Set(r.terraform.map((c) => c.stack)).size} stack(s)`
    : "Terraform: no change";
  const k8s = r.manifests.length
    ? `manifests: ${grouped(r.manifests, (c) => c.env)
        .map(([env, cs]) => `${cs.length} object${cs.length === 1 ? "" : "s"} in ${env}`)
        .join(", ")}`
    : "manifests: no change";
  return `${r.destructive.length ? `DESTRUCTIVE: ${r.destructive.length} change(s) would destroy or replace data` : "No destructive change"}. ${tf}; ${k8s}.`;
}

export function renderMarkdown(r: Review): string {
  const lines = ["## Change review", "", `**${verdict(r)}**`, ""];
  if (r.destructive.length) {
    lines.push("### Destroys or replaces data", "");
    for (const c of r.destructive) {
      const where = "stack" in c ? `\`${c.stack}\` \`${c.address}\`` : `\`${c.env}\` \`${c.object}\``;
      lines.push(`- ${where}: ${c.destructive}`);
    }
    lines.push(
      "",
      "Re-run with `--allow-destructive` only after deciding the data may go (backups, runbooks in docs/).",
      "",
    );
  }
  if (r.terraform.length) {
    lines.push("### Terraform", "");
    for (const [stack, changes] of grouped(r.terraform, (c) => c.stack)) {
      lines.push(`**${stack}** (${counts(changes)})`, "");
      for (const c of changes)
        lines.push(
          `- ${SIGN[c.kind]} \`${c.address}\`${c.paths.length ? `: ${c.paths.slice(0, 8).join(", ")}${c.paths.length > 8 ? ", ..." : ""}` : ""}`,
        );
      lines.push("");
    }
  }
  if (r.manifests.length) {
    lines.push("### Manifests", "");
    for (const [env, changes] of grouped(r.manifests, (c) => c.env)) {
      lines.push(`**${env}** (${counts(changes)})`, "");
      for (const c of changes)
        lines.push(
          `- ${SIGN[c.kind]} \`${c.object}\`${c.paths.length ? `: ${c.paths.slice(0, 8).join(", ")}${c.paths.length > 8 ? ", ..." : ""}` : ""}`,
        );
      lines.push("");
    }
  }
  return lines.join("\n");
}
