// P32's failure says where the manifests ask more than the env config implies, and only that; a
// second workload of a configured name is packed too. Built on the hand-written P32 fixture (the
// example test env: 6 m5.large apim nodes, 2 monitoring nodes).
import { P32 } from "../policy/capacity-check";
import { capacityReport } from "../policy/capacity-report";
import { ManifestModel } from "../policy/manifest-model";
import { K8sObject } from "../tools/kustomize/kustomize-lite";
import { fixture } from "./fixtures/placement/P32";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function failing(change: (objects: Json[]) => void) {
  const objects = JSON.parse(JSON.stringify(fixture.good.objects)) as Json[];
  change(objects);
  const manifests = new ManifestModel("test", objects as K8sObject[]);
  return P32.evaluate({ env: fixture.good.env, manifests }).filter((f) => !f.ok);
}
const named = (list: Json[], kind: string, name: string): Json =>
  list.find((o) => o.kind === kind && o.metadata.name === name)!;

test("a change that asks less is not named as a cause", () => {
  const found = failing((l) => {
    named(l, "HorizontalPodAutoscaler", "gateway-public").spec.maxReplicas = 12;
    named(l, "Deployment", "admin-node-manager").spec.template.spec.containers[0].resources.requests.memory =
      "1Gi";
  });
  expect(found.map((f) => f.subject)).toEqual(["test/node-group/apim/HPA maxima"]);
  expect(found[0].message).toMatch(
    /; the manifests ask more than envs\/test implies: gateway-public replicas 3-12 \(config: 3-6\), gateway-public maxSurge 3 \(config: 2\)$/,
  );
  expect(found[0].message).not.toContain("admin-node-manager requests");
});

test("a workload moved to another node group is named on the group it now crowds", () => {
  // Six gateways of 500m and the monitoring pods (0.81 CPU) do not fit 2 nodes' 3.25 CPU.
  const found = failing((l) => {
    named(l, "Deployment", "gateway-public").spec.template.spec.nodeSelector = {
      "apim.axway.com/node-role": "monitoring",
    };
  });
  expect(found.map((f) => f.subject)).toEqual(["test/node-group/monitoring/HPA maxima"]);
  expect(found[0].message).toMatch(
    /; the manifests ask more than envs\/test implies: gateway-public runs on monitoring \(config: apim\)$/,
  );
});

test("a second Deployment of a configured name, in another namespace, is packed too", () => {
  // Four more API Manager pods of 1500m (6 CPU) on top of the 7.04 CPU at the maxima: 13 of 9.75;
  // with no budget all four are kept with a zone down too.
  const found = failing((l) => {
    const copy = JSON.parse(JSON.stringify(named(l, "Deployment", "api-manager"))) as Json;
    copy.metadata.namespace = "staging";
    copy.spec.replicas = 4;
    copy.spec.template.spec.containers[0].resources.requests.cpu = "1500m";
    l.push(copy);
  });
  expect(found.map((f) => f.subject)).toEqual([
    "test/node-group/apim/HPA maxima",
    "test/node-group/apim/one zone down",
  ]);
  expect(found[0].message).toContain("plus singletons 33 pods need 13.04 CPU");
  expect(found[0].message).toMatch(/api-manager \(4 x 1500m \/ 1280 MiB; not in the env config\)$/);
});

test("the report's capacity table says a check that depends on a failed one was not evaluated", () => {
  const objects = JSON.parse(JSON.stringify(fixture.good.objects)) as Json[];
  named(objects, "HorizontalPodAutoscaler", "gateway-public").spec.maxReplicas = 12;
  const rows = capacityReport(fixture.good.env, new ManifestModel("test", objects as K8sObject[]));
  const row = (check: string) => rows.find((r) => r.startsWith(`| ${check} | apim |`));
  expect(row("HPA maxima")).toContain("| **does not fit** |");
  expect(row("rolling update")).toBe(
    "| rolling update | apim | not evaluated | node group apim: not evaluated: the HPA maxima do not fit |",
  );
  expect(row("one zone down")).toContain("| fits |");
});
