// The review of a change: what Terraform would do to each stack and what Flux would apply to each
// cluster, with every change that destroys or replaces data called out, as markdown for a pull
// request comment. The Terraform verdict comes from Terraform's own plan (terraform-review.ts);
// where no Terraform is installed, from the JSON and a hand-kept table, and the review says so.
import { diffManifests, ObjectChange } from "./manifest-diff";
import { moveCall, pairRenames } from "./renames";
import { Snapshot } from "./snapshot";
import { diffStacks, ResourceChange, stateful } from "./terraform-diff";
import { OutputChange, TerraformPlanReview, withoutMetadata } from "./terraform-review";

export type { ResourceChange };

export interface Review {
  /** How the Terraform verdict was reached, in one sentence. */
  readonly engine: string;
  readonly terraform: ResourceChange[];
  /** Every stack whose configuration or resources change: the stacks a deploy must apply. */
  readonly stacks: string[];
  readonly outputs: readonly OutputChange[];
  readonly notPlanned: readonly { stack: string; reason: string }[];
  readonly manifests: ObjectChange[];
  readonly destructive: (ResourceChange | ObjectChange)[];
  readonly notes: readonly string[];
}

function manifestChanges(before: Snapshot, after: Snapshot): ObjectChange[] {
  const envs = [...new Set([...Object.keys(before.manifests), ...Object.keys(after.manifests)])].sort();
  return envs.flatMap((env) => diffManifests(env, before.manifests[env] ?? [], after.manifests[env] ?? []));
}

function assemble(
  engine: string,
  terraform: ResourceChange[],
  manifests: ObjectChange[],
  extra: {
    stacks?: string[];
    outputs?: OutputChange[];
    notPlanned?: { stack: string; reason: string }[];
    notes?: string[];
  },
): Review {
  const stacks = [...new Set([...(extra.stacks ?? []), ...terraform.map((c) => c.stack)])].sort();
  return {
    engine,
    terraform,
    stacks,
    outputs: extra.outputs ?? [],
    notPlanned: extra.notPlanned ?? [],
    manifests,
    destructive: [...terraform, ...manifests].filter((c) => c.destructive),
    notes: extra.notes ?? [],
  };
}

/** The review without Terraform: JSON compared, replacements from the hand-kept table. */
export function tableReview(before: Snapshot, after: Snapshot, why: string): Review {
  const names = [...new Set([...Object.keys(before.terraform), ...Object.keys(after.terraform)])];
  const stacks = names.filter(
    (n) =>
      JSON.stringify(withoutMetadata(before.terraform[n] ?? null)) !==
      JSON.stringify(withoutMetadata(after.terraform[n] ?? null)),
  );
  return assemble(
    `${why}: the verdict comes from comparing the synthesized JSON with a hand-kept table of replacing attributes, which cannot follow a change across resources or stacks.`,
    [...diffStacks(before.terraform, after.terraform), ...providerMoves(before, after)],
    manifestChanges(before, after),
    { stacks },
  );
}

const KIND: Readonly<Record<string, ResourceChange["kind"]>> = {
  create: "added",
  update: "changed",
  delete: "removed",
  "delete,create": "replaced",
  "create,delete": "replaced",
  "no-op": "moved",
};

/**
 * Resources whose provider moves to another region or account. An offline plan cannot see it (the
 * state still points at the old region), but the apply would create each resource anew there and
 * leave the old one behind, out of Terraform's hands: for data, a destroy.
 */
export function providerMoves(before: Snapshot, after: Snapshot): ResourceChange[] {
  const changes: ResourceChange[] = [];
  for (const stack of Object.keys(before.terraform)
    .filter((s) => after.terraform[s])
    .sort()) {
    const providers = (snapshot: Snapshot) =>
      new Map(
        (
          (((snapshot.terraform[stack].provider ?? {}) as Record<string, unknown>).aws ?? []) as Record<
            string,
            unknown
          >[]
        ).map((p) => [p.alias ? `aws.${String(p.alias)}` : "aws", p]),
      );
    const [old, now] = [providers(before), providers(after)];
    for (const [name, p] of old) {
      const q = now.get(name);
      if (!q) continue;
      const moved = (["region", "allowed_account_ids"] as const).filter(
        (k) => JSON.stringify(p[k]) !== JSON.stringify(q[k]),
      );
      if (!moved.length) continue;
      const what = moved.map((k) => `${k} ${JSON.stringify(p[k])} -> ${JSON.stringify(q[k])}`).join(", ");
      const resources = (before.terraform[stack].resource ?? {}) as Record<
        string,
        Record<string, Record<string, unknown>>
      >;
      for (const [type, byName] of Object.entries(resources)) {
        for (const [resourceName, body] of Object.entries(byName)) {
          if (String(body.provider ?? "aws") !== name) continue;
          const lifecycle = (body.lifecycle ?? {}) as Record<string, unknown>;
          const holdsData = stateful(type) || Boolean(lifecycle.prevent_destroy);
          changes.push({
            stack,
            address: `${type}.${resourceName}`,
            type,
            kind: "replaced",
            paths: [],
            detail: [`provider ${name}: ${what}; the apply creates it anew there and orphans the old one`],
            ...(holdsData
              ? {
                  destructive: `provider ${name} moves (${what}): Terraform creates it anew and the data stays behind`,
                }
              : {}),
          });
        }
      }
    }
  }
  return changes;
}

/** The review from Terraform's plan of the head against the base's (stand-in or pulled) state. */
export function plannedReview(
  before: Snapshot,
  after: Snapshot,
  plan: TerraformPlanReview,
  against: string,
): Review {
  const removed = plan.changes.filter((c) => c.actions.join() === "delete");
  const added = plan.changes.filter((c) => c.actions.join() === "create");
  const renames = pairRenames(removed, added, before.terraform, after.terraform);
  const terraform: ResourceChange[] = plan.changes.map((c) => {
    const kind = KIND[c.actions.join()] ?? "changed";
    const rename =
      kind === "removed" ? renames.find((r) => r.stack === c.stack && r.from === c.address) : undefined;
    const holdsData = stateful(c.type) || c.heldData;
    const guard = c.preventDestroy ? " (it has prevent_destroy: the apply stops here)" : "";
    const detail = [
      ...(c.replacePaths.length ? [`replacement forced by ${c.replacePaths.join(", ")}`] : []),
      ...c.causes,
      ...(c.movedFrom ? [`moved from ${c.movedFrom} by a moved block: Terraform keeps the object`] : []),
      ...(rename ? [`renamed to ${rename.to} without a moved block: ${moveCall(rename)}`] : []),
    ];
    let destructive: string | undefined;
    if (holdsData && kind === "replaced") {
      destructive = `Terraform replaces it (${c.replacePaths.join(", ") || "forced"}): its data would be destroyed${guard}`;
    } else if (holdsData && kind === "removed") {
      destructive = rename
        ? `${c.address} is gone and ${rename.to} is new: without a moved block Terraform destroys it and creates an empty one; ${moveCall(rename)}${guard}`
        : `Terraform destroys it with its data${guard}`;
    }
    return {
      stack: c.stack,
      address: c.address,
      type: c.type,
      kind,
      paths: [...c.paths],
      ...(detail.length ? { detail } : {}),
      ...(destructive ? { destructive } : {}),
    };
  });
  const notPlannedChanges = diffStacks(
    Object.fromEntries(plan.notPlanned.map((n) => [n.stack, before.terraform[n.stack] ?? {}])),
    Object.fromEntries(plan.notPlanned.map((n) => [n.stack, after.terraform[n.stack] ?? {}])),
  );
  return assemble(
    `Terraform planned ${plan.planned.length ? plan.planned.join(", ") : "no stack"} against ${against}, offline and without refresh; the verdict is Terraform's resource_changes.`,
    [...terraform, ...notPlannedChanges, ...providerMoves(before, after)],
    manifestChanges(before, after),
    {
      stacks: [...plan.changedStacks, ...plan.outputs.map((o) => o.readBy)],
      outputs: plan.outputs,
      notPlanned: plan.notPlanned,
      notes: plan.notes,
    },
  );
}

const SIGN: Readonly<Record<ResourceChange["kind"], string>> = {
  added: "+",
  removed: "-",
  changed: "~",
  replaced: "-/+",
  moved: "->",
};

function counts(changes: { kind: string }[]): string {
  return (["added", "changed", "replaced", "moved", "removed"] as const)
    .map((k) => [SIGN[k], changes.filter((c) => c.kind === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${s}${n}`)
    .join(" ");
}

function grouped<T>(items: readonly T[], key: (t: T) => string): [string, T[]][] {
  const map = new Map<string, T[]>();
  for (const i of items) map.set(key(i), [...(map.get(key(i)) ?? []), i]);
  return [...map.entries()];
}

/** The first line: what a reviewer needs to know at a glance. */
export function verdict(r: Review): string {
  const tf = r.terraform.length
    ? `Terraform: ${r.terraform.length} resource change${r.terraform.length === 1 ? "" : "s"} in ${new Set(r.terraform.map((c) => c.stack)).size} stack(s)`
    : r.stacks.length
      ? `Terraform: no resource change; configuration changes in ${r.stacks.join(", ")}`
      : "Terraform: no change";
  const k8s = r.manifests.length
    ? `manifests: ${grouped(r.manifests, (c) => c.env)
        .map(([env, cs]) => `${cs.length} object${cs.length === 1 ? "" : "s"} in ${env}`)
        .join(", ")}`
    : "manifests: no change";
  return `${r.destructive.length ? `DESTRUCTIVE: ${r.destructive.length} change(s) would destroy or replace data` : "No destructive change"}. ${tf}; ${k8s}.`;
}

const shortList = (paths: readonly string[]) =>
  paths.length ? `: ${paths.slice(0, 8).join(", ")}${paths.length > 8 ? ", ..." : ""}` : "";

export function renderMarkdown(r: Review): string {
  const lines = ["## Change review", "", `**${verdict(r)}**`, "", `_${r.engine}_`, ""];
  if (r.destructive.length) {
    lines.push("### Destroys or replaces data", "");
    for (const c of r.destructive) {
      const where = "stack" in c ? `\`${c.stack}\` \`${c.address}\`` : `\`${c.env}\` \`${c.object}\``;
      lines.push(`- ${where}: ${c.destructive}`);
      if ("stack" in c)
        for (const d of c.detail ?? []) if (!c.destructive!.includes(d)) lines.push(`  - ${d}`);
    }
    lines.push(
      "",
      "Re-run with `--allow-destructive` only after deciding the data may go (backups, runbooks in docs/).",
      "",
    );
  }
  if (r.stacks.length) {
    lines.push("### Terraform", "", `Stacks to deploy: ${r.stacks.map((s) => `\`${s}\``).join(", ")}`, "");
    for (const [stack, changes] of grouped(r.terraform, (c) => c.stack)) {
      lines.push(`**${stack}** (${counts(changes)})`, "");
      for (const c of changes) {
        lines.push(`- ${SIGN[c.kind]} \`${c.address}\`${shortList(c.paths)}`);
        if (!c.destructive) for (const d of c.detail ?? []) lines.push(`  - ${d}`);
      }
      lines.push("");
    }
    for (const [reader, outputs] of grouped(r.outputs, (o) => o.readBy)) {
      lines.push(
        `**${reader}** reads outputs that change: ${outputs.map((o) => `\`${o.stack}\` \`${o.output}\`${o.unknown ? " (known after apply)" : ""}`).join(", ")}`,
        "",
      );
    }
    for (const n of r.notPlanned) lines.push(`- \`${n.stack}\` not planned: ${n.reason}`);
    if (r.notPlanned.length) lines.push("");
  }
  if (r.manifests.length) {
    lines.push("### Manifests", "");
    for (const [env, changes] of grouped(r.manifests, (c) => c.env)) {
      lines.push(`**${env}** (${counts(changes)})`, "");
      for (const c of changes) {
        lines.push(`- ${SIGN[c.kind]} \`${c.object}\`${c.images ? "" : shortList(c.paths)}`);
        for (const i of c.images ?? []) lines.push(`  - \`${i.path}\`: \`${i.before}\` -> \`${i.after}\``);
        const others = c.images ? c.paths.filter((p) => !p.endsWith(".image")) : [];
        if (others.length) lines.push(`  - also${shortList(others)}`);
      }
      lines.push("");
    }
  }
  if (r.notes.length) {
    lines.push("### Notes", "", ...r.notes.map((n) => `- ${n}`), "");
  }
  return lines.join("\n");
}
