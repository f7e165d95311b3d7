// Each gateway group has its own Cassandra keyspaces (Axway: groups sharing one overwrite each
// other's API catalogue), the API Manager uses its group's, and the report gives the exact
// post-bootstrap command that creates them.
import * as fs from "fs";
import * as path from "path";
import { K8sObject } from "../tools/kustomize/kustomize-lite";
import { clusterObjects, exampleEnvs } from "./support/synth-output";

type Json = Record<string, unknown>;
const REPO = path.join(__dirname, "..");

function envOf(d: K8sObject): Record<string, string> {
  const container = ((((d.spec as Json).template as Json).spec as Json).containers as Json[])[0];
  return Object.fromEntries(
    ((container.env as Json[]) ?? [])
      .filter((e) => typeof e.value === "string")
      .map((e) => [e.name, e.value]),
  ) as Record<string, string>;
}

describe.each(exampleEnvs().map((e) => [e.name, e] as const))("%s", (name, env) => {
  const deployments = clusterObjects(name).filter((o) => o.kind === "Deployment");
  const gateways = env.apim.gatewayGroups.map((g) =>
    deployments.find((d) => d.metadata.name === `gateway-${g.name}`)!,
  );

  test("every group's gateways use keyspaces no other group uses", () => {
    const used = gateways.map((d) => [envOf(d).CASS_KEYSPACE, envOf(d).CASS_TKEYSPACE]);
    // The keyspaces scripts/cassandra/post-bootstrap.sh creates: axway_apim_<group> and its
    // throttling keyspace t_axway_apim_<group> (no example group has a dash to turn into "_").
    expect(used).toEqual(
      env.apim.gatewayGroups.map((g) => [`axway_apim_${g.name}`, `t_axway_apim_${g.name}`]),
    );
    expect(new Set(used.flat()).size).toBe(used.length * 2);
    gateways.forEach((d, i) => expect(envOf(d).GROUP_ID).toBe(env.apim.gatewayGroups[i].name));
  });

  test("the API Manager uses the keyspaces of its gateway group", () => {
    const apiManager = envOf(deployments.find((d) => d.metadata.name === "api-manager")!);
    const own = gateways.find((d) => envOf(d).GROUP_ID === env.apim.apiManager.gatewayGroup)!;
    expect(apiManager.CASS_KEYSPACE).toBe(envOf(own).CASS_KEYSPACE);
    expect(apiManager.CASS_TKEYSPACE).toBe(envOf(own).CASS_TKEYSPACE);
  });

  test("the report gives the command that creates exactly these keyspaces", () => {
    const report = fs.readFileSync(path.join(REPO, "docs", "conformance", `${name}.md`), "utf8");
    const groups = env.apim.gatewayGroups.map((g) => g.name).join(" ");
    expect(report).toContain(`apim-cassandra-post-bootstrap ${name} ${env.aws.region} ${groups}`);
    for (const d of gateways)
      expect(report).toContain(`| ${envOf(d).CASS_KEYSPACE} | ${envOf(d).CASS_TKEYSPACE} |`);
  });
});
