// Validates Kubernetes objects against the JSON schemas shipped in kubernetes-models (Kubernetes),
// @kubernetes-models/flux-cd (Flux) and @kubernetes-models/external-secrets. These packages are
// ES modules only, so jest runs this script as a child process:
//   node validate-manifests.mjs < documents.json   ->   [{ index, ok, error? }]
const PACKAGES = [
  { test: (group) => group.endsWith(".toolkit.fluxcd.io"), pkg: "@kubernetes-models/flux-cd" },
  { test: (group) => group.endsWith("external-secrets.io"), pkg: "@kubernetes-models/external-secrets" },
  { test: () => true, pkg: "kubernetes-models" },
];

// API versions no longer served by the Kubernetes versions this repository supports (>= 1.32);
// the schema packages still ship them. Source: Kubernetes deprecated API migration guide.
const REMOVED_API_VERSIONS = new Set([
  "extensions/v1beta1",
  "apps/v1beta1",
  "apps/v1beta2",
  "policy/v1beta1",
  "autoscaling/v2beta1",
  "autoscaling/v2beta2",
  "batch/v1beta1",
  "networking.k8s.io/v1beta1",
  "rbac.authorization.k8s.io/v1beta1",
  "storage.k8s.io/v1beta1",
  "flowcontrol.apiserver.k8s.io/v1beta2",
  "flowcontrol.apiserver.k8s.io/v1beta3",
]);

function modulePath(apiVersion, kind) {
  const slash = apiVersion.indexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const { pkg } = PACKAGES.find((p) => p.test(group));
  return `${pkg}/${group ? `${group}/` : ""}${version}/${kind}`;
}

async function validate(doc) {
  if (!doc || typeof doc.apiVersion !== "string" || typeof doc.kind !== "string") {
    return "missing apiVersion or kind";
  }
  if (REMOVED_API_VERSIONS.has(doc.apiVersion)) return `${doc.apiVersion} is no longer served (removed API)`;
  let Model;
  try {
    Model = (await import(modulePath(doc.apiVersion, doc.kind)))[doc.kind];
  } catch {
    return `no schema for ${doc.apiVersion} ${doc.kind} (unknown or deprecated API)`;
  }
  try {
    new Model(doc).validate();
    return undefined;
  } catch (error) {
    return String(error.message ?? error);
  }
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", async () => {
  const documents = JSON.parse(input);
  const results = [];
  for (const [index, doc] of documents.entries()) {
    const error = await validate(doc);
    results.push(error ? { index, ok: false, error } : { index, ok: true });
  }
  process.stdout.write(JSON.stringify(results));
});
