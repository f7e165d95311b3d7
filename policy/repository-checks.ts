// The delivery pipeline and the runbooks (GEN-1, MNT-2, PRO-2, BAK-1, DR-1): each named file
// exists and does what the reference architecture asks of it. A workflow is judged by its parsed
// structure (its trigger, its jobs' settings and the commands its steps run; a comment proves
// nothing), a runbook by the commands it gives (fenced or inline code) and the facts it states.
import { parse } from "yaml";
import { Check, Finding } from "./check";
import { RepositoryModel } from "./repository-model";

type RepositoryCheck = Check<RepositoryModel>;

interface Step {
  readonly run?: string;
  readonly uses?: string;
  readonly "continue-on-error"?: unknown;
}
interface Job {
  readonly steps?: readonly Step[];
  readonly environment?: unknown;
  readonly strategy?: { readonly "max-parallel"?: unknown };
}
interface Workflow {
  readonly on?: Record<string, unknown> | null;
  readonly jobs?: Record<string, Job>;
}

/** One thing a file must show, and what it proves. */
type Needle<T> = readonly [holds: (subject: T) => boolean, why: string];

/**
 * The simple commands a step runs and whose failure fails it: comments dropped, continued lines
 * joined (as the shell does, a backslash-newline is removed), split at the shell's separators (a
 * newline, && || ; |, a subshell or substitution, then/do/else). A command followed by || is left
 * out: the alternative handles its failure (`git diff --exit-code || true` checks nothing).
 * An empty command may remain: it names no program.
 */
function commandsOf(step: Step): string[] {
  // Stryker disable next-line StringLiteral: a step without run runs nothing; any text in its place is one command whose program no check wants
  return (step.run ?? "")
    .replace(/\\\n/g, "")
    .split("\n")
    .map((line) => line.replace(/(^|\s)#.*/s, ""))
    .flatMap((line) => {
      const parts = line.split(/(&&|\|\||;|\||<\(|\$\(|\(|\b(?:then|do|else)\b)/);
      // Stryker disable next-line ConditionalExpression: a separator kept as a command is no program a check wants
      return parts.filter((_, i) => i % 2 === 0 && parts[i + 1] !== "||");
    })
    .map((command) => command.trim());
}

/** The words of a command, without quotes (the shell drops them wherever they stand in a word). */
const wordsOf = (command: string) => command.split(/\s+/).map((word) => word.replace(/["']/g, ""));

/**
 * The command runs `program args...` (the program by name or by a path ending in it, its first
 * arguments as given), and holds each of `also` (a word sequence) somewhere among its arguments.
 */
function isCommand(command: string, wanted: string, also: readonly string[] = []): boolean {
  const [program, ...args] = wanted.split(" ");
  const [name, ...rest] = wordsOf(command);
  if (name !== program && !name.endsWith(`/${program}`)) return false;
  const given = ` ${rest.join(" ")} `;
  return (
    (!args.length || given.startsWith(` ${args.join(" ")} `)) &&
    also.every((words) => given.includes(` ${words} `))
  );
}

/** The steps that count: a step allowed to fail proves nothing. */
const stepsOf = (job: Job): Step[] =>
  // Stryker disable next-line ArrayDeclaration: a made-up step is a string, which has neither run nor uses
  (job.steps ?? []).filter((s) => s["continue-on-error"] !== true);
const jobsOf = (w: Workflow): Job[] => Object.values(w.jobs ?? {});

interface Wanted {
  /** Word sequences the command holds among its arguments. */
  readonly also?: readonly string[];
  /** A command the same step runs later. */
  readonly then?: string;
}

/** The job has a step that runs the command `wanted` (and what `more` asks of it). */
function jobRuns(job: Job, wanted: string, more: Wanted = {}): boolean {
  return stepsOf(job).some((step) => {
    const commands = commandsOf(step);
    return commands.some(
      (command, at) =>
        isCommand(command, wanted, more.also) &&
        (more.then === undefined || commands.slice(at + 1).some((later) => isCommand(later, more.then!))),
    );
  });
}

/** Some job runs `wanted` (with `also` among its arguments). */
const runs =
  (wanted: string, ...also: string[]) =>
  (w: Workflow) =>
    jobsOf(w).some((job) => jobRuns(job, wanted, { also }));
/** Some step runs `wanted` and, later, `then`. */
const runsThen = (wanted: string, then: string) => (w: Workflow) =>
  jobsOf(w).some((job) => jobRuns(job, wanted, { then }));
/** Some step uses the action (any version). */
const uses = (action: string) => (w: Workflow) =>
  jobsOf(w).some((job) => stepsOf(job).some((s) => s.uses?.split("@")[0] === action));
/** The job that runs `command` holds. */
const jobRunning = (command: string, holds: (job: Job) => boolean) => (w: Workflow) =>
  jobsOf(w).some((job) => jobRuns(job, command) && holds(job));
const triggeredBy = (event: string, branch: string) => (w: Workflow) =>
  JSON.stringify((w.on?.[event] as { branches?: unknown } | undefined)?.branches) ===
  JSON.stringify([branch]);

/** The code of a Markdown file: fenced blocks and inline code spans. */
function code(markdown: string): string {
  const FENCED = /^ *```[^\n]*\n([\s\S]*?)^ *```/gm;
  const fenced = [...markdown.matchAll(FENCED)].map((m) => m[1]);
  // Stryker disable next-line StringLiteral: a fenced block begins a line, so no inline span reaches what takes its place
  const inline = [...markdown.replace(FENCED, "").matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);
  return [...fenced, ...inline].join("\n");
}
const gives = (command: string | RegExp) => (markdown: string) =>
  typeof command === "string" ? code(markdown).includes(command) : command.test(code(markdown));
const states = (fact: string) => (markdown: string) => markdown.includes(fact);

function fileCheck<T>(
  id: string,
  title: string,
  requirements: string[],
  file: string,
  read: (text: string) => T,
  // Built when the check runs, not when the module loads, so that mutation testing sees them
  // covered by the cases rather than as static code.
  needles: () => readonly Needle<T>[],
): RepositoryCheck {
  return {
    id,
    title,
    requirements,
    evaluate: (model): Finding[] => {
      const text = model.files[file];
      if (text === undefined) return [{ subject: file, ok: false, message: "missing" }];
      let subject: T;
      try {
        subject = read(text);
      } catch (error) {
        const line = (error as { linePos?: [{ line: number }] }).linePos?.[0].line;
        return [{ subject: file, ok: false, message: `does not parse${line ? ` (line ${line})` : ""}` }];
      }
      const wanted = needles();
      const missing = wanted.filter(([holds]) => !holds(subject)).map(([, why]) => why);
      return [
        {
          subject: file,
          ok: !missing.length,
          message: missing.length
            ? `missing: ${missing.join("; ")}`
            : wanted.map(([, why]) => why).join("; "),
        },
      ];
    },
  };
}

const workflowCheck = (
  id: string,
  title: string,
  requirements: string[],
  file: string,
  needles: () => Needle<Workflow>[],
) => fileCheck(id, title, requirements, file, (text) => (parse(text) ?? {}) as Workflow, needles);
const runbookCheck = (
  id: string,
  title: string,
  requirements: string[],
  file: string,
  needles: () => Needle<string>[],
) => fileCheck(id, title, requirements, file, (text) => text, needles);

export const P25 = workflowCheck(
  "P25",
  "Pull-request pipeline: lint, type-check, test, generated files, review, saved plans",
  ["GEN-1", "GEN-8", "GEN-5"],
  ".github/workflows/pull-request.yml",
  () => [
    [triggeredBy("pull_request", "main"), "runs on every pull request to main"],
    [runs("npm ci"), "installs"],
    [runs("npm run lint"), "lints"],
    [runs("npm run typecheck"), "type-checks"],
    [runs("npm test"), "tests"],
    [runsThen("npm run synth", "git diff --exit-code -- gitops docs"), "fails on stale generated files"],
    [runs("npm run -s review"), "posts the change review"],
    [runs("scripts/plan-stacks.sh reviewed-plans"), "plans the changed stacks and saves the plans"],
    [uses("actions/upload-artifact"), "keeps the saved plans for the deploy"],
  ],
);

const APPLY = "scripts/apply-reviewed-plans.sh";

export const P30 = workflowCheck(
  "P30",
  "Deploy on merge, in dependency order, prod after approval",
  ["GEN-1", "GEN-8"],
  ".github/workflows/deploy.yml",
  () => [
    [triggeredBy("push", "main"), "runs on merge to main"],
    [runs(`${APPLY} reviewed-plans`), "applies the plans reviewed in the pull request"],
    // Judged on the job that applies: order and an approval gate on another job protect nothing.
    [jobRunning(APPLY, (j) => jobRuns(j, "npm run -s stacks --")), "deploys in dependency order"],
    [
      jobRunning(APPLY, (j) => j.environment === "${{ matrix.env }}"),
      "one GitHub environment per env (approval on prod)",
    ],
    [jobRunning(APPLY, (j) => j.strategy?.["max-parallel"] === 1), "one env at a time"],
  ],
);

export const P26 = workflowCheck(
  "P26",
  "Image pipeline: packages per env, image per env, pushed, smoke-tested, promoted by PR",
  ["MNT-2", "PRO-1"],
  ".github/workflows/image-build.yml",
  () => [
    [runs("projpack --create", "--type pol"), "policy package"],
    [runs("projpack --create", "--type env"), "env package per env"],
    [runs("build_gw_image.py"), "image built with Axway's EMT scripts"],
    [runs("docker push"), "pushed to ECR"],
    [runsThen("docker run", "docker exec smoke curl"), "smoke test"],
    [runs("npm run release --"), "moves the env to the image"],
    [uses("peter-evans/create-pull-request"), "by pull request"],
  ],
);

export const P27 = runbookCheck(
  "P27",
  "Runbooks: promotion of policies and of API Manager data",
  ["PRO-2", "PRO-1"],
  "docs/runbooks/promote-release.md",
  () => [
    [gives("npm run release --"), "tag change per env"],
    [gives(/\bapim api get\b/), "API Manager data exported with apim-cli"],
    [gives(/\bapim api import\b/), "and imported"],
  ],
);

export const P28 = runbookCheck(
  "P28",
  "Runbooks: backup, restore and disaster recovery",
  ["BAK-1", "DR-1"],
  "docs/runbooks/backup-and-restore.md",
  () => [
    [gives("aws rds restore-db-instance-to-point-in-time"), "MySQL point-in-time restore"],
    [gives("nodetool repair"), "Cassandra"],
    [gives("aws backup start-restore-job"), "EFS"],
  ],
);

export const P29 = runbookCheck(
  "P29",
  "Runbook: the rebuild in the DR region",
  ["DR-1"],
  "docs/runbooks/disaster-recovery.md",
  () => [
    [states("DR vault"), "restores from the copied backups"],
    [states("replicated"), "images from the replicated registry"],
    [gives("npx cdktf deploy"), "same stacks"],
  ],
);

export const REPOSITORY_CHECKS: readonly RepositoryCheck[] = [P25, P26, P27, P28, P29, P30];
