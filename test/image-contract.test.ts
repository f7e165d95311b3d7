// The contract between the images and the manifests (lib/image-contract.ts): every variable a
// component's image reads is provided to its main container (a literal, a Secret reference or
// the runtime ConfigMap), and the pods mount only what the image reads.
import { K8sObject } from "../tools/kustomize/kustomize-lite";
import { IMAGE_ENVIRONMENT, IMAGE_MOUNTS, ImageComponent } from "../lib/image-contract";
import { clusterObjects, exampleEnvs, terraformModel } from "./support/synth-output";

type Json = Record<string, unknown>;

function mainContainer(d: K8sObject): Json {
  return ((((d.spec as Json).template as Json).spec as Json).containers as Json[])[0];
}

/** Names the container receives: its env entries and every key of the ConfigMaps it imports. */
function provided(objects: readonly K8sObject[], d: K8sObject): string[] {
  const c = mainContainer(d);
  const fromConfigMaps = ((c.envFrom as Json[] | undefined) ?? []).flatMap((e) => {
    const ref = e.configMapRef as { name: string } | undefined;
    const cm = ref && objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === ref.name);
    return cm ? Object.keys((cm as unknown as { data: Json }).data ?? {}) : [];
  });
  return [...((c.env as Json[] | undefined) ?? []).map((e) => String(e.name)), ...fromConfigMaps];
}

describe.each(exampleEnvs().map((e) => [e.name, e] as const))("%s", (name, env) => {
  const objects = clusterObjects(name);
  const deployments: [ImageComponent, K8sObject][] = objects
    .filter((o) => o.kind === "Deployment" && o.metadata.namespace === "apim")
    .map((d) => [
      d.metadata.name === "admin-node-manager"
        ? "anm"
        : d.metadata.name === "api-manager"
          ? "apiManager"
          : "gateway",
      d,
    ]);

  test("every APIM Deployment is a component of the contract", () => {
    expect(deployments.map(([, d]) => d.metadata.name).sort()).toEqual(
      ["admin-node-manager", "api-manager", ...env.apim.gatewayGroups.map((g) => `gateway-${g.name}`)].sort(),
    );
  });

  test("each image receives every variable it reads", () => {
    // Variables each image is known to read (EMT's licence acceptance; the ring and the group).
    expect(IMAGE_ENVIRONMENT.anm).toContain("ACCEPT_GENERAL_CONDITIONS");
    for (const component of ["apiManager", "gateway"] as const)
      expect(IMAGE_ENVIRONMENT[component]).toEqual(
        expect.arrayContaining(["ACCEPT_GENERAL_CONDITIONS", "CASS_HOST", "CASS_KEYSPACE", "GROUP_ID"]),
      );
    const missing = deployments.flatMap(([component, d]) =>
      IMAGE_ENVIRONMENT[component]
        .filter((v) => !provided(objects, d).includes(v))
        .map((v) => `${d.metadata.name}: ${v}`),
    );
    expect(missing).toEqual([]);
  });

  test("pods mount only what their image reads (no CA file nobody reads)", () => {
    const extra = deployments.flatMap(([component, d]) =>
      ((mainContainer(d).volumeMounts as Json[] | undefined) ?? [])
        .map((m) => String(m.mountPath))
        .filter((p) => !IMAGE_MOUNTS[component].includes(p))
        .map((p) => `${d.metadata.name}: ${p}`),
    );
    expect(extra).toEqual([]);
    const unused = deployments.flatMap(([component, d]) =>
      IMAGE_MOUNTS[component]
        .filter(
          (p) =>
            !((mainContainer(d).volumeMounts as Json[] | undefined) ?? []).some((m) => m.mountPath === p),
        )
        .map((p) => `${d.metadata.name}: ${p}`),
    );
    expect(unused).toEqual([]);
  });

  test("CASS_HOST, the factory configuration's one contact point, names the whole ring", () => {
    const runtime = objects.find(
      (o) => o.kind === "ConfigMap" && o.metadata.name === "apim-runtime",
    )! as unknown as {
      data: Record<string, string>;
    };
    // The data stack's record of that name holds every node's address.
    expect(runtime.data.CASS_HOST).toBe(`cassandra.${name}.apim.internal`);
    const record = terraformModel()
      .ofType("aws_route53_record")
      .find((r) => r.stack === `${name}-data` && r.attrs.name === runtime.data.CASS_HOST)!;
    expect(record.attrs.type).toBe("A");
    expect((record.attrs.records as string[]).length).toBe(env.cassandra.nodeCount);
  });
});
