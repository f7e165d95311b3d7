// The delivery pipeline and the runbooks (GEN-1, MNT-2, PRO-2, BAK-1, DR-1): each named file
// exists and does what the reference architecture asks of it.
import { parse } from "yaml";
import { Check, Finding } from "./check";
import { RepositoryModel } from "./repository-model";

type RepositoryCheck = Check<RepositoryModel>;

/** A file must exist and contain every needle (a string or a pattern), each with what it proves. */
function contains(
  id: string,
  title: string,
  requirements: string[],
  file: string,
  needles: [string | RegExp, string][],
): RepositoryCheck {
  return {
    id,
    title,
    requirements,
    evaluate: (model): Finding[] => {
      const text = model.files[file];
      if (text === undefined) return [{ subject: file, ok: false, message: "missing" }];
      if (file.endsWith(".yml")) parse(text); // a workflow that does not parse fails here
      const missing = needles
        .filter(([n]) => (typeof n === "string" ? !text.includes(n) : !n.test(text)))
        .map(([, why]) => why);
      return [
        {
          subject: file,
          ok: !missing.length,
          message: missing.length
            ? `missing: ${missing.join("; ")}`
            : needles.map(([, why]) => why).join("; "),
        },
      ];
    },
  };
}

export const P25 = contains(
  "P25",
  "Pull-request pipeline: lint, type-check, test, generated files, review, saved plans",
  ["GEN-1", "GEN-8", "GEN-5"],
  ".github/workflows/pull-request.yml",
  [
    ["npm ci", "installs"],
    ["npm run lint", "lints"],
    ["npm run typecheck", "type-checks"],
    ["npm test", "tests"],
    [/npm run synth\n\s+git diff --exit-code -- gitops docs/, "fails on stale generated files"],
    ["npm run -s review", "posts the change review"],
    ["scripts/plan-stacks.sh reviewed-plans", "plans the changed stacks and saves the plans"],
    ["actions/upload-artifact", "keeps the saved plans for the deploy"],
  ],
);

export const P30 = contains(
  "P30",
  "Deploy on merge, in dependency order, prod after approval",
  ["GEN-1", "GEN-8"],
  ".github/workflows/deploy.yml",
  [
    ["branches: [main]", "runs on merge to main"],
    ["npm run -s stacks --", "deploys in dependency order"],
    ["scripts/apply-reviewed-plans.sh reviewed-plans", "applies the plans reviewed in the pull request"],
    ["environment: ${{ matrix.env }}", "one GitHub environment per env (approval on prod)"],
    ["max-parallel: 1", "one env at a time"],
  ],
);

export const P26 = contains(
  "P26",
  "Image pipeline: packages per env, image per env, pushed, smoke-tested, promoted by PR",
  ["MNT-2", "PRO-1"],
  ".github/workflows/image-build.yml",
  [
    ["--type pol", "policy package"],
    ["--type env", "env package per env"],
    ["build_gw_image.py", "image built with Axway's EMT scripts"],
    ["docker push", "pushed to ECR"],
    ["/healthcheck", "smoke test"],
    ["npm run release --", "moves the env to the image"],
    ["create-pull-request", "by pull request"],
  ],
);

export const P27 = contains(
  "P27",
  "Runbooks: promotion of policies and of API Manager data",
  ["PRO-2", "PRO-1"],
  "docs/runbooks/promote-release.md",
  [
    ["npm run release --", "tag change per env"],
    [/apim api get/, "API Manager data exported with apim-cli"],
    [/apim api import/, "and imported"],
  ],
);

export const P28 = contains(
  "P28",
  "Runbooks: backup, restore and disaster recovery",
  ["BAK-1", "DR-1"],
  "docs/runbooks/backup-and-restore.md",
  [
    ["restore-db-instance-to-point-in-time", "MySQL point-in-time restore"],
    ["nodetool repair", "Cassandra"],
    ["start-restore-job", "EFS"],
  ],
);

export const P29 = contains(
  "P29",
  "Runbook: the rebuild in the DR region",
  ["DR-1"],
  "docs/runbooks/disaster-recovery.md",
  [
    ["DR vault", "restores from the copied backups"],
    ["replicated", "images from the replicated registry"],
    ["cdktf deploy", "same stacks"],
  ],
);

export const REPOSITORY_CHECKS: readonly RepositoryCheck[] = [P25, P26, P27, P28, P29, P30];
