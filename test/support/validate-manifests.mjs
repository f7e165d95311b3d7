// Validates Kubernetes objects against the JSON schemas shipped in kubernetes-models (Kubernetes),
// @kubernetes-models/flux-cd (Flux) and @kubernetes-models/external-secrets. These packages are
// ES modules only, so jest runs this script as a child process:
//   node validate-manifests.mjs < documents.json   ->   [{ index, ok, error? }]
const PACKAGES = [
  { test: (group) => group.endsWith(".toolkit.fluxcd.io"), pkg: "@kubernetes-models/flux-cd" },
  { test: (group) => group.endsWith("external-secrets.io"), pkg: "@kubernetes-models/external-secrets" },
  { test: () => true, pkg: "kubernetes-models" },
];

import { readFileSync } from "node:fs";

// API versions no longer served (shared with the K29 check).
const REMOVED_API_VERSIONS = new Set(
  JSON.parse(readFileSync(new URL("../../lib/manifests/removed-apis.json", import.meta.url), "utf8")).removed,
);

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
