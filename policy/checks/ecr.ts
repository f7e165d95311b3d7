// The env's image registry: T37 hardening, and P2 replication to the DR region (DR-1).
import { perResource, TerraformCheck } from "../check";
import { asArray, Attrs, block, providerRegions, referencedTypes } from "../terraform-model";
import { wildcardMatches } from "../wildcard";

export const T37: TerraformCheck = perResource({
  id: "T37",
  title: "ECR repository hardened",
  requirements: ["GEN-4", "SEC-1", "SEC-2"],
  types: ["aws_ecr_repository"],
  passText: "immutable tags, scan on push, KMS, lifecycle policy",
  failures: (repo, model) => {
    const encryption = asArray<Attrs>(repo.attrs.encryption_configuration)[0] ?? {};
    // Its own policies: another repository's open policy is that repository's failure.
    const policies = model.referencing("aws_ecr_repository_policy", "repository", repo);
    const documents = policies.map((p) => statementsOf(p.attrs.policy));
    // Stryker disable next-line ArrayDeclaration: a fallback of non-objects is ignored alike (no Effect)
    const statements = documents.flatMap((d) => d ?? []);
    return [
      documents.includes(undefined) && "a repository policy is not literal JSON (cannot be judged)",
      repo.attrs.image_tag_mutability !== "IMMUTABLE" && "tags are mutable",
      block(repo.attrs, "image_scanning_configuration").scan_on_push !== true && "scan on push is off",
      encryption.encryption_type !== "KMS" && "not KMS-encrypted",
      encryption.encryption_type === "KMS" &&
        !referencedTypes(encryption.kms_key).includes("aws_kms_key") &&
        "KMS key is not a project key",
      model.referencing("aws_ecr_lifecycle_policy", "repository", repo).length === 0 && "no lifecycle policy",
      // An Allow without a Principal has a NotPrincipal: it allows everyone but those named.
      statements.some(
        (st) =>
          st.Effect === "Allow" && (st.Principal === undefined || JSON.stringify(st.Principal).includes("*")),
      ) && "a repository policy allows Principal *",
      !statements.some(limitsPullers) && "no repository policy limits who pulls (SEC-1)",
    ];
  },
});

const PULL_ACTIONS = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];
const NEGATED_OPERATORS = ["StringNotLike", "StringNotEquals", "ArnNotLike", "ArnNotEquals"];

/** Everyone, as a Principal writes it: "*" or {"AWS": "*"}. */
function isEveryone(principal: unknown): boolean {
  return principal === "*" || asArray<unknown>((principal as Attrs | undefined)?.AWS).includes("*");
}

/** An IAM or STS ARN narrower than a whole kind ("role/*"): it names some principals, not all. */
function namesPrincipals(value: unknown): boolean {
  const resource = /^arn:aws[a-z-]*:(?:iam|sts)::[^:]*:(.+)$/.exec(String(value))?.[1];
  return resource !== undefined && !/^(\*|[A-Za-z-]+\/\*)$/.test(resource);
}

/**
 * A Deny to everyone of the pull actions unless the principal is one of those named: the
 * statement that limits who pulls. Each condition must be such an exception (a negated operator
 * on aws:PrincipalArn listing named principals): any other condition is ANDed in and narrows the
 * Deny (to one endpoint, say), and a Deny without conditions stops the nodes too.
 */
function limitsPullers(st: Attrs): boolean {
  const conditions = Object.entries((st.Condition ?? {}) as Record<string, Record<string, unknown>>).flatMap(
    ([operator, keys]) => Object.entries(keys).map(([key, values]) => ({ operator, key, values })),
  );
  return (
    st.Effect === "Deny" &&
    isEveryone(st.Principal) &&
    PULL_ACTIONS.every((action) =>
      asArray(st.Action).some((pattern) => wildcardMatches(String(pattern), action, true)),
    ) &&
    conditions.length > 0 &&
    conditions.every(
      (c) =>
        NEGATED_OPERATORS.includes(c.operator) &&
        c.key.toLowerCase() === "aws:principalarn" &&
        asArray(c.values).every(namesPrincipals),
    )
  );
}

/** The statements of a policy document, or undefined when it is not literal JSON (an expression). */
function statementsOf(policy: unknown): Attrs[] | undefined {
  try {
    return asArray<Attrs>((JSON.parse(String(policy)) as Attrs).Statement);
  } catch {
    // Not JSON: an expression Terraform resolves at apply.
  }
  return undefined;
}

export const P2: TerraformCheck = {
  id: "P2",
  title: "Registry replicated to another region",
  requirements: ["DR-1", "BAK-1"],
  evaluate: (model) =>
    model.ofType("aws_ecr_repository").map((repo) => {
      const stack = model.stacks.find((s) => s.name === repo.stack);
      const primary = stack ? providerRegions(stack).get("") : undefined;
      const destinations = model
        .ofType("aws_ecr_replication_configuration")
        .filter((r) => r.stack === repo.stack)
        .flatMap((r) => asArray<Attrs>(block(r.attrs, "replication_configuration").rule))
        // A rule without filters replicates every repository of the registry.
        .filter((rule) => {
          const filters = asArray<Attrs>(rule.repository_filter);
          return (
            !filters.length ||
            filters.some(
              (f) => f.filter_type === "PREFIX_MATCH" && String(repo.attrs.name).startsWith(String(f.filter)),
            )
          );
        })
        .flatMap((rule) => asArray<Attrs>(rule.destination).map((d) => String(d.region)));
      const other = destinations.filter((region) => region !== primary);
      return other.length
        ? { subject: repo.address, ok: true, message: `replicated to ${other.join(", ")}` }
        : { subject: repo.address, ok: false, message: `not replicated out of ${String(primary)}` };
    }),
};
