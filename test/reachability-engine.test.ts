// The reachability engine (policy/reachability.ts) and its report section
// (policy/reachability-report.ts), rule by rule on small hand-written inputs: AWS security groups
// (a flow leaves through a rule of the sender's group and enters through one of the receiver's:
// direction, protocol, port and peer group or CIDR all match), Kubernetes NetworkPolicies as the
// API documents them (a pod no policy of its namespace selects is not isolated; an empty
// podSelector selects every pod of the namespace; omitted policyTypes mean Ingress, plus Egress
// when the policy has egress rules; ingress peers are `from`, egress peers `to`; a rule without
// ports allows every port; a port entry is TCP unless it says otherwise, all ports without a port,
// a range with endPort, the receiving pod's container port when named; a podSelector peer alone
// selects in the policy's namespace, a namespaceSelector by the namespaces' labels; an ipBlock
// admits an address range only when the whole range lies in it outside its exceptions), the endpoints of an env, the required-flow table with its sweep of
// every other pair, and the markdown the conformance report shows for them.
import { EnvironmentConfig } from "../envs/schema";
import { K8sObject } from "../tools/kustomize/kustomize-lite";
import { SecurityGroupRule } from "../policy/network-model";
import {
  albSubnets,
  Endpoint,
  endpoints,
  evaluateFlow,
  npAllows,
  podEndpoint,
  reachability,
} from "../policy/reachability";
import { reachabilitySection } from "../policy/reachability-report";
import { TerraformModel, TerraformResource, TerraformStackModel } from "../policy/terraform-model";

type Json = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

const PUBLIC = "10.0.0.0/24";
const INTERNAL = "10.0.1.0/24";
const WORKERS = ["10.0.10.0/24", "10.0.11.0/24"];
const DATA = "10.0.20.0/24";

/** A security group of a flow-table tier (tierOf reads its Tier tag). */
function group(tier: string, stack = "t-network"): TerraformResource {
  return {
    stack,
    type: "aws_security_group",
    name: tier,
    address: `${stack}/aws_security_group.${tier}`,
    attrs: { tags: { Tier: tier } },
  };
}

/** One normalized security group rule of `tier`'s group towards a peer group or CIDRs. */
function rule(
  direction: "ingress" | "egress",
  tier: string,
  peer: { tier: string } | { cidrs: string[] },
  ports: number | [number, number],
  protocol = "tcp",
): SecurityGroupRule {
  const [fromPort, toPort] = typeof ports === "number" ? [ports, ports] : ports;
  return {
    address: `t-network/${direction}.${tier}.${fromPort}`,
    stack: "t-network",
    direction,
    group: group(tier),
    peerCidrs: "cidrs" in peer ? peer.cidrs : [],
    peerGroup: "tier" in peer ? group(peer.tier) : undefined,
    protocol,
    fromPort,
    toPort,
  };
}

const endpoint = (name: string, tier: string, cidrs: string[], ports: number[] = []): Endpoint => ({
  name,
  tier,
  cidrs,
  ports,
});

/** A Deployment whose pods carry `app: <name>` and declare the container ports (a number, or a
 * port entry with its name and protocol). */
function deployment(name: string, ports: (number | Json)[], namespace = "apim"): K8sObject {
  const labels = { app: name };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            { name, image: "x", ports: ports.map((p) => (typeof p === "number" ? { containerPort: p } : p)) },
          ],
        },
      },
    },
  };
}

function networkPolicy(name: string, spec: Json, namespace = "apim"): K8sObject {
  return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace }, spec };
}

const app = (name: string) => ({ podSelector: { matchLabels: { app: name } } });

/** An env as far as reachability reads it: its name and Flux's repository. */
function env(name = "t", repositoryUrl = "ssh://git@ssh.github.com:443/org/repo.git"): EnvironmentConfig {
  return { name, flux: { repositoryUrl, branch: "main" } } as unknown as EnvironmentConfig;
}

type TfRule = ["ingress" | "egress", string, { tier: string } | { cidr: string }, string, number, number];

/**
 * An env's network stack: one subnet per ALB scheme (frontend tier, tagged for the load balancer
 * controller), two worker subnets, one data subnet, a security group per tier and the rules given
 * (aws_vpc_security_group_*_rule resources).
 */
function networkStack(name: string, rules: readonly TfRule[]): TerraformStackModel {
  const subnet = (cidr: string, tier: string, tags: Json = {}) => ({
    cidr_block: cidr,
    tags: { Tier: tier, ...tags },
  });
  const tiers = ["frontend", "internalAlb", "workers", "data", "vpcEndpoints"];
  const ruleResources = (direction: "ingress" | "egress") =>
    Object.fromEntries(
      rules
        .filter(([d]) => d === direction)
        .map(([, tier, peer, protocol, from, to], i) => [
          `r${i}`,
          {
            security_group_id: `\${aws_security_group.${tier}.id}`,
            ...("tier" in peer
              ? { referenced_security_group_id: `\${aws_security_group.${peer.tier}.id}` }
              : { cidr_ipv4: peer.cidr }),
            ip_protocol: protocol,
            ...(protocol === "-1" ? {} : { from_port: from, to_port: to }),
          },
        ]),
    );
  return {
    name,
    json: {
      resource: {
        aws_subnet: {
          "public-a": subnet(PUBLIC, "frontend", { "kubernetes.io/role/elb": "1" }),
          "internal-a": subnet(INTERNAL, "frontend", { "kubernetes.io/role/internal-elb": "1" }),
          "workers-a": subnet(WORKERS[0], "workers"),
          "workers-b": subnet(WORKERS[1], "workers"),
          "data-a": subnet(DATA, "data"),
        },
        aws_security_group: Object.fromEntries(tiers.map((t) => [t, { tags: { Tier: t } }])),
        aws_vpc_security_group_ingress_rule: ruleResources("ingress"),
        aws_vpc_security_group_egress_rule: ruleResources("egress"),
      },
    },
  };
}

/** Every group may send anything anywhere and the workers and data groups admit anything. */
const WIDE_OPEN: TfRule[] = [
  ...["frontend", "internalAlb", "workers"].map((t): TfRule => [
    "egress",
    t,
    { cidr: "0.0.0.0/0" },
    "-1",
    0,
    0,
  ]),
  ...["workers", "data"].map((t): TfRule => ["ingress", t, { cidr: "0.0.0.0/0" }, "-1", 0, 0]),
];

const flowName = (f: { from: string; to: string; port: number }) => `${f.from} -> ${f.to}:${f.port}`;

// ---------------------------------------------------------------------------------------------
// Security groups
// ---------------------------------------------------------------------------------------------

describe("security groups: the sender's group lets the flow out and the receiver's lets it in", () => {
  const node = endpoint("node", "workers", WORKERS);
  const mysql = endpoint("data:mysql", "data", [DATA], [3306]);
  const sg = (rules: SecurityGroupRule[], from = node, to = mysql, port = 3306) =>
    evaluateFlow(rules, [], from, to, port).securityGroups;

  test("an egress rule of the sender's group and an ingress rule of the receiver's, by group, allow the flow", () => {
    const rules = [
      rule("egress", "workers", { tier: "data" }, 3306),
      rule("ingress", "data", { tier: "workers" }, 3306),
    ];
    expect(evaluateFlow(rules, [], node, mysql, 3306)).toEqual({
      from: "node",
      to: "data:mysql",
      port: 3306,
      securityGroups: true,
      networkPolicies: "n/a",
      allowed: true,
    });
  });

  test("without the receiver's ingress rule the flow is refused, whatever the sender may send", () => {
    expect(sg([rule("egress", "workers", { tier: "data" }, 3306)])).toBe(false);
  });

  test("a rule of another group opens nothing for this one", () => {
    // The frontend group may send to the data group; the workers' group may not.
    const rules = [
      rule("egress", "frontend", { tier: "data" }, 3306),
      rule("ingress", "data", { tier: "workers" }, 3306),
    ];
    expect(sg(rules)).toBe(false);
  });

  test("an ingress rule does not let traffic out: direction matters", () => {
    const rules = [
      rule("ingress", "workers", { tier: "data" }, 3306),
      rule("ingress", "data", { tier: "workers" }, 3306),
    ];
    expect(sg(rules)).toBe(false);
  });

  test("a UDP rule does not carry a TCP flow; protocol -1 (all) carries every TCP port", () => {
    const ingress = rule("ingress", "data", { tier: "workers" }, 3306);
    expect(sg([rule("egress", "workers", { tier: "data" }, 3306, "udp"), ingress])).toBe(false);
    expect(sg([rule("egress", "workers", { tier: "data" }, [0, 65535], "-1"), ingress])).toBe(true);
  });

  test("a rule towards another group does not reach this peer", () => {
    const rules = [
      rule("egress", "workers", { tier: "frontend" }, 3306),
      rule("ingress", "data", { tier: "workers" }, 3306),
    ];
    expect(sg(rules)).toBe(false);
  });

  describe("a CIDR rule matches a peer when every address of the peer lies in one of its CIDRs", () => {
    const egress = rule("egress", "workers", { tier: "data" }, 3306);
    const from = (cidrs: string[]) => [egress, rule("ingress", "data", { cidrs }, 3306)];

    test("both worker subnets inside the VPC's block: allowed", () => {
      expect(sg(from(["10.0.0.0/16"]))).toBe(true);
    });

    test("each worker subnet in a different CIDR of the rule: allowed (any CIDR of the rule will do)", () => {
      expect(sg(from(WORKERS))).toBe(true);
    });

    test("only one of the two worker subnets inside: traffic from the other is refused", () => {
      expect(sg(from([WORKERS[0]]))).toBe(false);
    });

    test("a peer without addresses (an ALB with no tagged subnet) matches no CIDR rule", () => {
      const alb = endpoint("alb:public", "frontend", []);
      const rules = [
        rule("egress", "frontend", { tier: "workers" }, 8065),
        rule("ingress", "workers", { cidrs: ["0.0.0.0/0"] }, 8065),
      ];
      expect(sg(rules, alb, endpoint("pod:gateway-public", "workers", WORKERS), 8065)).toBe(false);
    });
  });

  test("the internet has no security group: a flow from it needs only the receiver's ingress rule", () => {
    const internet = endpoint("internet", "internet", ["0.0.0.0/0"]);
    const alb = endpoint("alb:public", "frontend", [PUBLIC], [443]);
    expect(sg([rule("ingress", "frontend", { cidrs: ["0.0.0.0/0"] }, 443)], internet, alb, 443)).toBe(true);
    expect(sg([], internet, alb, 443)).toBe(false);
  });

  test("the internet has no security group: a flow to it needs only the sender's egress rule", () => {
    const internet = endpoint("internet", "internet", ["0.0.0.0/0"]);
    expect(sg([rule("egress", "workers", { cidrs: ["0.0.0.0/0"] }, 443)], node, internet, 443)).toBe(true);
    expect(sg([], node, internet, 443)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// NetworkPolicies
// ---------------------------------------------------------------------------------------------

describe("NetworkPolicies as the Kubernetes API documents them", () => {
  const gateway = deployment("gateway", [8065]);
  const anm = deployment("anm", [8090]);
  const apiManager = deployment("api-manager", [8075]);
  const ep = (w: K8sObject) => podEndpoint(w, WORKERS);
  const pods = [gateway, anm, apiManager];
  const denyAll = (namespace = "apim") =>
    networkPolicy("default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }, namespace);

  test("a pod that no policy of its namespace selects is not isolated: everything in and out passes", () => {
    const objects = [
      ...pods,
      networkPolicy("gateway-only", { ...app("gateway"), policyTypes: ["Ingress", "Egress"] }),
    ];
    expect(npAllows(objects, anm, "Ingress", ep(gateway), 8090)).toBe(true);
    expect(npAllows(objects, anm, "Egress", ep(apiManager), 8075)).toBe(true);
  });

  test("an empty podSelector selects every pod of the namespace: a default deny isolates them all", () => {
    const objects = [...pods, denyAll()];
    expect(npAllows(objects, anm, "Ingress", ep(gateway), 8090)).toBe(false);
    expect(npAllows(objects, gateway, "Egress", ep(anm), 8090)).toBe(false);
  });

  test("a policy of another namespace does not isolate the pod", () => {
    const objects = [...pods, denyAll("monitoring")];
    expect(npAllows(objects, anm, "Ingress", ep(gateway), 8090)).toBe(true);
    expect(npAllows(objects, gateway, "Egress", ep(anm), 8090)).toBe(true);
  });

  describe("policyTypes: as given, or when omitted Ingress, plus Egress if the policy has egress rules", () => {
    const verdicts = (spec: Json) => {
      const objects = [...pods, networkPolicy("p", { podSelector: {}, ...spec })];
      return {
        ingress: npAllows(objects, anm, "Ingress", ep(gateway), 8090),
        egressToAnm: npAllows(objects, gateway, "Egress", ep(anm), 8090),
        egressToApiManager: npAllows(objects, gateway, "Egress", ep(apiManager), 8075),
      };
    };

    test("no policyTypes and no rules: ingress is denied, egress is not isolated", () => {
      expect(verdicts({})).toEqual({ ingress: false, egressToAnm: true, egressToApiManager: true });
    });

    test("no policyTypes (or an empty list) with egress rules: both directions isolated", () => {
      const spec = { egress: [{ to: [app("anm")] }] };
      const both = { ingress: false, egressToAnm: true, egressToApiManager: false };
      expect(verdicts(spec)).toEqual(both);
      expect(verdicts({ ...spec, policyTypes: [] })).toEqual(both);
    });

    test("an empty egress list is no egress rule: egress stays open", () => {
      expect(verdicts({ egress: [] })).toEqual({
        ingress: false,
        egressToAnm: true,
        egressToApiManager: true,
      });
    });

    test("policyTypes [Egress] isolates egress only, without rules: everything out is denied", () => {
      expect(verdicts({ policyTypes: ["Egress"] })).toEqual({
        ingress: true,
        egressToAnm: false,
        egressToApiManager: false,
      });
    });
  });

  test("an egress rule's peers are its `to` list: the gateway may reach ANM but not the API Manager", () => {
    const objects = [
      ...pods,
      networkPolicy("gateway", {
        ...app("gateway"),
        policyTypes: ["Egress"],
        egress: [{ to: [app("anm")], ports: [{ protocol: "TCP", port: 8090 }] }],
      }),
    ];
    expect(npAllows(objects, gateway, "Egress", ep(anm), 8090)).toBe(true);
    expect(npAllows(objects, gateway, "Egress", ep(apiManager), 8090)).toBe(false);
  });

  test("an ingress rule's peers are its `from` list", () => {
    const objects = [
      ...pods,
      networkPolicy("anm", {
        ...app("anm"),
        policyTypes: ["Ingress"],
        ingress: [{ from: [app("gateway")] }],
      }),
    ];
    expect(npAllows(objects, anm, "Ingress", ep(gateway), 8090)).toBe(true);
    expect(npAllows(objects, anm, "Ingress", ep(apiManager), 8090)).toBe(false);
  });

  test("a rule without ports allows every port; a rule with ports only those", () => {
    const policy = (ports?: Json[]) =>
      networkPolicy("anm", {
        ...app("anm"),
        policyTypes: ["Ingress"],
        ingress: [{ from: [app("gateway")], ...(ports ? { ports } : {}) }],
      });
    const open = [...pods, policy()];
    expect([8090, 9999].map((port) => npAllows(open, anm, "Ingress", ep(gateway), port))).toEqual([
      true,
      true,
    ]);
    const only8090 = [...pods, policy([{ protocol: "TCP", port: 8090 }])];
    expect([8090, 9999].map((port) => npAllows(only8090, anm, "Ingress", ep(gateway), port))).toEqual([
      true,
      false,
    ]);
  });

  describe("a port entry: protocol TCP when omitted, every port without one, a range with endPort, a name", () => {
    // Every flow of the model is TCP. The receiving pod's policy admits the gateway on `ports`.
    const admitted =
      (ports: Json[], receiver = anm) =>
      (port: number) =>
        npAllows(
          [
            networkPolicy("p", {
              podSelector: {},
              policyTypes: ["Ingress"],
              ingress: [{ from: [app("gateway")], ports }],
            }),
          ],
          receiver,
          "Ingress",
          ep(gateway),
          port,
        );

    test("a UDP or SCTP entry does not admit a TCP flow; an entry without protocol is TCP", () => {
      expect(admitted([{ protocol: "UDP", port: 8090 }])(8090)).toBe(false);
      expect(admitted([{ protocol: "SCTP", port: 8090 }])(8090)).toBe(false);
      expect(admitted([{ port: 8090 }])(8090)).toBe(true);
    });

    test("an entry without a port admits every port of its protocol", () => {
      expect([8090, 9999].map(admitted([{ protocol: "TCP" }]))).toEqual([true, true]);
      expect(admitted([{}])(8090)).toBe(true);
      expect(admitted([{ protocol: "UDP" }])(8090)).toBe(false);
    });

    test("a numeric port with endPort admits the range port..endPort, both ends included", () => {
      const range = admitted([{ protocol: "TCP", port: 8000, endPort: 8090 }]);
      expect([7999, 8000, 8090, 8091].map(range)).toEqual([false, true, true, false]);
      // endPort null is no range: the port alone.
      expect([8000, 8001].map(admitted([{ port: 8000, endPort: null }]))).toEqual([true, false]);
    });

    test("a named port is the receiving pod's container port of that name and protocol", () => {
      const named = deployment("anm", [
        { name: "http", containerPort: 8090 },
        { name: "dns", containerPort: 8053, protocol: "UDP" },
        9999,
      ]);
      expect([8090, 9999].map(admitted([{ port: "http" }], named))).toEqual([true, false]);
      expect(admitted([{ port: "dns" }], named)(8053)).toBe(false);
      expect(admitted([{ port: "metrics" }], named)(8090)).toBe(false);
      // On egress the name is the receiver's (ANM's 8090), not the sender's own port of that name.
      const sender = deployment("gateway", [{ name: "http", containerPort: 8065 }]);
      const egress = networkPolicy("gw", {
        ...app("gateway"),
        policyTypes: ["Egress"],
        egress: [{ to: [app("anm")], ports: [{ port: "http" }] }],
      });
      expect([8090, 8065].map((port) => npAllows([egress], sender, "Egress", ep(named), port))).toEqual([
        true,
        false,
      ]);
    });
  });

  describe("a pod peer: podSelector alone in the policy's namespace, namespaceSelector by the namespaces' labels", () => {
    const prometheus = deployment("prometheus", [9090], "monitoring");
    const grafana = deployment("grafana", [3000], "monitoring");
    const monitoring = (labels: Record<string, string>): K8sObject => ({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "monitoring", labels },
    });
    const byName = { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } };
    // ANM admits whatever the one peer selects.
    const admits = (peer: Json, sender: K8sObject, objects: K8sObject[] = []) =>
      npAllows(
        [
          ...objects,
          networkPolicy("anm", { ...app("anm"), policyTypes: ["Ingress"], ingress: [{ from: [peer] }] }),
        ],
        anm,
        "Ingress",
        ep(sender),
        8090,
      );

    test("a podSelector without namespaceSelector selects pods of the policy's own namespace only", () => {
      expect(admits(app("gateway"), gateway)).toBe(true);
      expect(admits(app("gateway"), deployment("gateway", [8065], "partner"))).toBe(false);
    });

    test("a namespaceSelector alone selects every pod of the namespaces whose labels it matches", () => {
      // kubernetes.io/metadata.name is every namespace's label, with or without a Namespace object.
      expect([prometheus, grafana, gateway].map((w) => admits(byName, w))).toEqual([true, true, false]);
      // Other labels come from the Namespace object.
      const team = { namespaceSelector: { matchLabels: { team: "observability" } } };
      expect(admits(team, prometheus, [monitoring({ team: "observability" })])).toBe(true);
      expect(admits(team, prometheus, [monitoring({ team: "apim" })])).toBe(false);
      expect(admits(team, prometheus)).toBe(false);
      // An empty namespaceSelector selects every namespace.
      expect([prometheus, gateway].map((w) => admits({ namespaceSelector: {} }, w))).toEqual([true, true]);
    });

    test("a namespaceSelector with a podSelector selects those pods in those namespaces only", () => {
      const peer = { ...byName, ...app("prometheus") };
      const elsewhere = deployment("prometheus", [9090], "apim");
      expect([prometheus, grafana, elsewhere].map((w) => admits(peer, w))).toEqual([true, false, false]);
    });
  });

  describe("an ipBlock admits a sender only when every address of it lies in a block, outside the exceptions", () => {
    const admits = (from: Json[], cidrs: string[]) =>
      npAllows(
        [...pods, networkPolicy("anm", { ...app("anm"), policyTypes: ["Ingress"], ingress: [{ from }] })],
        anm,
        "Ingress",
        endpoint("alb:internal", "internalAlb", cidrs),
        8090,
      );
    const block = (cidr: string, except?: string[]) => ({ ipBlock: { cidr, ...(except ? { except } : {}) } });

    test("an ALB in two subnets, one of them outside every block: refused", () => {
      expect(admits([block("10.0.1.0/24")], ["10.0.1.0/24", "10.0.2.0/24"])).toBe(false);
    });

    test("each subnet in a block of its own: admitted", () => {
      expect(admits([block("10.0.1.0/24"), block("10.0.2.0/24")], ["10.0.1.0/24", "10.0.2.0/24"])).toBe(true);
    });

    test("an exception inside the block that overlaps a subnet: refused", () => {
      expect(admits([block("10.0.0.0/16", ["10.0.2.128/25"])], ["10.0.1.0/24", "10.0.2.0/24"])).toBe(false);
    });
  });

  test("a flow between two endpoints without pods has no NetworkPolicy verdict (n/a)", () => {
    const rules = [
      rule("egress", "workers", { tier: "data" }, 2049),
      rule("ingress", "data", { tier: "workers" }, 2049),
    ];
    const flow = evaluateFlow(
      rules,
      [denyAll()],
      endpoint("node", "workers", WORKERS),
      endpoint("data:efs", "data", [DATA]),
      2049,
    );
    expect([flow.networkPolicies, flow.allowed]).toEqual(["n/a", true]);
  });

  test("a flow between pods needs the sender's egress and the receiver's ingress", () => {
    const rules = [
      rule("egress", "workers", { tier: "workers" }, 8090),
      rule("ingress", "workers", { tier: "workers" }, 8090),
    ];
    const egressOnly = networkPolicy("gw", {
      ...app("gateway"),
      policyTypes: ["Egress"],
      egress: [{ to: [app("anm")] }],
    });
    const anmIngress = networkPolicy("anm", {
      ...app("anm"),
      policyTypes: ["Ingress"],
      ingress: [{ from: [app("gateway")] }],
    });
    const verdict = (objects: K8sObject[]) =>
      evaluateFlow(rules, [...pods, denyAll(), ...objects], ep(gateway), ep(anm), 8090);
    expect(verdict([egressOnly])).toMatchObject({
      securityGroups: true,
      networkPolicies: false,
      allowed: false,
    });
    expect(verdict([anmIngress])).toMatchObject({
      securityGroups: true,
      networkPolicies: false,
      allowed: false,
    });
    expect(verdict([egressOnly, anmIngress])).toMatchObject({
      securityGroups: true,
      networkPolicies: true,
      allowed: true,
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Endpoints
// ---------------------------------------------------------------------------------------------

describe("the endpoints of an env", () => {
  test("a pod endpoint listens on every containerPort of its containers; a container without ports, or an init container, declares none", () => {
    const w = deployment("gateway", [8065, 8080]);
    const spec = (w.spec as { template: { spec: { containers: Json[]; initContainers?: Json[] } } }).template
      .spec;
    spec.containers.push(
      { name: "sidecar", image: "y" },
      { name: "admin", image: "z", ports: [{ containerPort: 8085 }] },
    );
    // An init container ends before the pod serves: its port is not listened on.
    spec.initContainers = [{ name: "wait", image: "w", ports: [{ containerPort: 9000 }] }];
    expect(podEndpoint(w, WORKERS)).toEqual({
      name: "pod:gateway",
      tier: "workers",
      cidrs: WORKERS,
      pod: w,
      ports: [8065, 8080, 8085],
    });
  });

  test("a workload without a pod template listens on nothing", () => {
    const w = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x", namespace: "apim" } };
    expect(podEndpoint(w, WORKERS).ports).toEqual([]);
  });

  test("each ALB scheme sits in the subnets tagged for it (kubernetes.io/role/elb, kubernetes.io/role/internal-elb)", () => {
    const model = new TerraformModel([networkStack("t-network", [])]);
    expect(albSubnets(model, "t-network", "internet-facing")).toEqual([PUBLIC]);
    expect(albSubnets(model, "t-network", "internal")).toEqual([INTERNAL]);
    expect(albSubnets(model, "u-network", "internal")).toEqual([]);
  });

  test("ALBs, the APIM namespace's Deployments, the nodes, the data services, the VPC endpoints and the internet", () => {
    const gateway = deployment("gateway-public", [8065, 8080, 8085]);
    const anm = deployment("admin-node-manager", [8090]);
    const grafana = deployment("grafana", [3000], "monitoring");
    const model = new TerraformModel([networkStack("t-network", [])]);
    expect(endpoints(env(), model, [gateway, grafana, anm])).toEqual([
      // The ALBs' HTTPS listeners.
      { name: "alb:public", tier: "frontend", cidrs: [PUBLIC], ports: [443] },
      { name: "alb:internal", tier: "internalAlb", cidrs: [INTERNAL], ports: [443] },
      // Pods of the APIM namespace only, in the worker subnets.
      {
        name: "pod:gateway-public",
        tier: "workers",
        cidrs: WORKERS,
        pod: gateway,
        ports: [8065, 8080, 8085],
      },
      { name: "pod:admin-node-manager", tier: "workers", cidrs: WORKERS, pod: anm, ports: [8090] },
      // The nodes only send (the sweep probes nothing on them).
      { name: "node", tier: "workers", cidrs: WORKERS, ports: [] },
      // Cassandra: CQL 9042, inter-node 7000, JMX 7199; MySQL 3306; EFS over NFS 2049.
      { name: "data:cassandra", tier: "data", cidrs: [DATA], ports: [9042, 7000, 7199] },
      { name: "data:mysql", tier: "data", cidrs: [DATA], ports: [3306] },
      { name: "data:efs", tier: "data", cidrs: [DATA], ports: [2049] },
      // The interface endpoints sit in the worker subnets and answer HTTPS.
      { name: "aws:endpoints", tier: "vpcEndpoints", cidrs: WORKERS, ports: [443] },
      { name: "internet", tier: "internet", cidrs: ["0.0.0.0/0"], ports: [] },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Required flows and the sweep
// ---------------------------------------------------------------------------------------------

describe("required flows and the sweep of every other pair", () => {
  const apim = [
    deployment("gateway-public", [8065, 8080, 8085]),
    deployment("admin-node-manager", [8090]),
    deployment("api-manager", [8075, 8085]),
    // Not in the table, and listening on MySQL's port.
    deployment("metrics-db", [3306]),
  ];

  test("the sweep evaluates each pair of ALB or pod and pod or data-service port once, never a pod with itself", () => {
    // From: 2 ALBs + 4 pods; to: 7 pod ports + 5 data ports = 72 pairs, less 7 of a pod with
    // itself, less the 14 required pairs among them (2 from the public ALB, 2 from the internal
    // one, 5 between the pods, 2 to Cassandra, 3 to MySQL) = 51.
    const r = reachability(env(), new TerraformModel([networkStack("t-network", [])]), apim);
    expect(r.swept).toBe(51);
    expect(r.unexpected).toEqual([]);
  });

  test("with every group and no policy open, each swept pair is reported as allowed although not required", () => {
    const r = reachability(env(), new TerraformModel([networkStack("t-network", WIDE_OPEN)]), apim);
    const unexpected = r.unexpected.map(flowName);
    expect(unexpected).toHaveLength(51);
    expect(unexpected).toEqual(
      expect.arrayContaining([
        // A port the table requires only on other ports of the pair: the gateways' management port.
        "alb:public -> pod:gateway-public:8085",
        // MySQL's port is required towards data:mysql, not towards another pod listening on it.
        "pod:gateway-public -> pod:metrics-db:3306",
        "pod:api-manager -> pod:gateway-public:8085",
        "pod:api-manager -> data:cassandra:7000",
        "alb:internal -> data:efs:2049",
      ]),
    );
    expect(unexpected.filter((f) => /^(\S+) -> \1:/.test(f))).toEqual([]);
    const required = new Set(r.required.map(flowName));
    expect(unexpected.filter((f) => required.has(f))).toEqual([]);
  });

  test("only the env's own network stack counts: another env's rules open nothing", () => {
    const model = new TerraformModel([networkStack("t-network", []), networkStack("u-network", WIDE_OPEN)]);
    const r = reachability(env("t"), model, apim);
    expect(r.required.filter((f) => f.allowed).map(flowName)).toEqual([]);
    expect(r.unexpected).toEqual([]);
  });

  test("Flux's flow uses the repository URL's port; a URL whose port cannot be read fails it", () => {
    const model = new TerraformModel([networkStack("t-network", WIDE_OPEN)]);
    const flux = (url: string) =>
      reachability(env("t", url), model, apim).required.find(
        (f) => f.from === "node" && f.to === "internet",
      )!;
    expect(flux("https://git.example.com/org/repo.git")).toMatchObject({ port: 443, allowed: true });
    expect(flux("ssh://git@git.example.com:2222/org/repo.git")).toMatchObject({ port: 2222, allowed: true });
    // scp-like syntax: no port to open, so not proven even though the workers may send anything.
    expect(flux("git@git.example.com:org/repo.git")).toMatchObject({ port: -1, allowed: false });
  });

  test("a required flow whose end does not exist is reported denied; a name without * names exactly one endpoint", () => {
    // No api-manager: api-manager-canary does not stand in for it.
    const objects = [
      ...apim.filter((w) => w.metadata.name !== "api-manager"),
      deployment("api-manager-canary", [8075]),
    ];
    const r = reachability(env(), new TerraformModel([networkStack("t-network", WIDE_OPEN)]), objects);
    const denied = { securityGroups: false, networkPolicies: false, allowed: false };
    expect(r.required.filter((f) => f.from.includes("api-manager") || f.to.includes("api-manager"))).toEqual([
      {
        from: "alb:internal",
        to: "pod:api-manager",
        port: 8075,
        ...denied,
        why: "the API Manager UI (no such endpoint)",
      },
      {
        from: "pod:api-manager",
        to: "pod:admin-node-manager",
        port: 8090,
        ...denied,
        why: "the API Manager's instance registers with ANM (no such endpoint)",
      },
      {
        from: "pod:admin-node-manager",
        to: "pod:api-manager",
        port: 8085,
        ...denied,
        why: "ANM manages the API Manager's instance (no such endpoint)",
      },
      {
        from: "pod:gateway-*",
        to: "pod:api-manager",
        port: 8075,
        ...denied,
        why: "gateways read the API catalogue (no such endpoint)",
      },
      {
        from: "pod:api-manager",
        to: "data:cassandra",
        port: 9042,
        ...denied,
        why: "API Manager data (APIM-7) (no such endpoint)",
      },
      {
        from: "pod:api-manager",
        to: "data:mysql",
        port: 3306,
        ...denied,
        why: "API Manager's metrics (no such endpoint)",
      },
    ]);
  });

  test("a pattern ending in * names every endpoint with that prefix", () => {
    const objects = [...apim, deployment("gateway-partner", [8065, 8080, 8085])];
    const r = reachability(env(), new TerraformModel([networkStack("t-network", [])]), objects);
    expect(r.required.filter((f) => f.from === "alb:public").map(flowName)).toEqual([
      "alb:public -> pod:gateway-public:8065",
      "alb:public -> pod:gateway-partner:8065",
      "alb:public -> pod:gateway-public:8080",
      "alb:public -> pod:gateway-partner:8080",
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// The report section
// ---------------------------------------------------------------------------------------------

describe("the reachability section of the conformance report", () => {
  // The nodes may mount EFS (workers -> data on 2049), nothing else is open; two of the three
  // APIM workloads exist.
  const efs: TfRule[] = [
    ["egress", "workers", { tier: "data" }, "tcp", 2049, 2049],
    ["ingress", "data", { tier: "workers" }, "tcp", 2049, 2049],
  ];
  const model = new TerraformModel([networkStack("t-network", efs)]);
  const pods = [deployment("gateway-public", [8065, 8080, 8085]), deployment("admin-node-manager", [8090])];
  const intro = [
    "Each required flow through the security groups of both ends and, for pods, their NetworkPolicies; the",
    "ALBs in the subnets the load balancer controller discovers. Every other pair of ALB or APIM pod and",
  ];
  const header = [
    "",
    "| From | To | Port | Security groups | NetworkPolicies | End to end | Why |",
    "|---|---|---|---|---|---|---|",
  ];

  test("every required flow one row, with each end's verdict; the sweep names what it found open", () => {
    // Swept: from 2 ALBs + 2 pods to 4 pod ports + 5 data ports = 36, less 4 of a pod with itself,
    // less 8 required = 24; without policies the pods may use the nodes' EFS rule.
    expect(reachabilitySection(env(), model, pods)).toEqual([
      ...intro,
      "pod or data service port is denied: 22 of 24 evaluated; allowed although not required: " +
        "pod:gateway-public -> data:efs:2049, pod:admin-node-manager -> data:efs:2049.",
      ...header,
      "| alb:public | pod:gateway-public | 8065 | DENY | allow | DENY | API traffic to the gateways (LB-1) |",
      "| alb:public | pod:gateway-public | 8080 | DENY | allow | DENY | the ALB's health checks of the gateways |",
      "| alb:internal | pod:admin-node-manager | 8090 | DENY | allow | DENY | ANM's web interface (BAS-1) |",
      "| alb:internal | pod:api-manager | 8075 | DENY | DENY | DENY | the API Manager UI (no such endpoint) |",
      "| pod:gateway-public | pod:admin-node-manager | 8090 | DENY | allow | DENY | gateways register with ANM |",
      "| pod:api-manager | pod:admin-node-manager | 8090 | DENY | DENY | DENY | the API Manager's instance registers with ANM (no such endpoint) |",
      "| pod:admin-node-manager | pod:gateway-public | 8085 | DENY | allow | DENY | ANM manages each gateway |",
      "| pod:admin-node-manager | pod:api-manager | 8085 | DENY | DENY | DENY | ANM manages the API Manager's instance (no such endpoint) |",
      "| pod:gateway-* | pod:api-manager | 8075 | DENY | DENY | DENY | gateways read the API catalogue (no such endpoint) |",
      "| pod:gateway-public | data:cassandra | 9042 | DENY | allow | DENY | API Manager data and quotas (APIM-7) |",
      "| pod:api-manager | data:cassandra | 9042 | DENY | DENY | DENY | API Manager data (APIM-7) (no such endpoint) |",
      "| pod:admin-node-manager | data:mysql | 3306 | DENY | allow | DENY | metrics from the events volume (GEN-7) |",
      "| pod:api-manager | data:mysql | 3306 | DENY | DENY | DENY | API Manager's metrics (no such endpoint) |",
      "| pod:gateway-public | data:mysql | 3306 | DENY | allow | DENY | the gateways' metrics database connection |",
      "| node | data:efs | 2049 | allow | n/a | allow | the EFS CSI driver mounts the events volume on the node (GEN-7) |",
      "| node | aws:endpoints | 443 | DENY | n/a | DENY | controllers and nodes call AWS APIs through the VPC endpoints |",
      "| node | internet | 443 | DENY | n/a | DENY | Flux clones its Git repository (GEN-8) |",
    ]);
  });

  test("with a default deny nothing outside the table is open, and the pods' rows show the policies' DENY", () => {
    const denyAll = networkPolicy("default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    const lines = reachabilitySection(env(), model, [...pods, denyAll]);
    expect(lines.slice(0, 6)).toEqual([
      ...intro,
      "pod or data service port is denied: 24 of 24 evaluated.",
      ...header,
    ]);
    expect(lines).toContain(
      "| pod:gateway-public | data:cassandra | 9042 | DENY | DENY | DENY | API Manager data and quotas (APIM-7) |",
    );
  });
});
