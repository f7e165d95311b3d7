// Cases where our checks disagreed with the established scanners (kube-score, polaris, checkov,
// kube-linter) on their kind of test inputs. Each case holds one violation, or none, and names the
// exact finding it must produce; every condition of a check has its own case.
import { TERRAFORM_CHECKS } from "../policy/checks";
import { MANIFEST_CHECKS } from "../policy/manifest-checks";
import { ManifestModel } from "../policy/manifest-model";
import { TerraformModel } from "../policy/terraform-model";
import { evaluate } from "../policy/evaluate";
import { EXEMPTIONS } from "../policy/exemptions";
import { REPOSITORY_CHECKS } from "../policy/repository-checks";
import { K8sObject } from "../tools/kustomize/kustomize-lite";
import { deployment, obj } from "./fixtures/manifests/fixture";
import { referenceDelivery } from "./fixtures/repository/reference-delivery";
import { environment } from "./fixtures/terraform/reference-platform";
import { ALB, publicIngress } from "./fixtures/manifests/reference-workloads";
import {
  EGRESS,
  INGRESS,
  networkStack,
  referenceNetwork,
  withChange,
} from "./fixtures/terraform/reference-network";

type Json = Record<string, unknown>;

/** The failing findings of one manifest check, as "subject: message". */
function manifestFindings(id: string, objects: K8sObject[]): string[] {
  const check = MANIFEST_CHECKS.find((c) => c.id === id)!;
  return check
    .evaluate(new ManifestModel("env", objects))
    .filter((f) => !f.ok)
    .map((f) => `${f.subject}: ${f.message}`);
}

function terraformFindings(id: string, resource: Json): string[] {
  const check = TERRAFORM_CHECKS.find((c) => c.id === id)!;
  return check
    .evaluate(new TerraformModel([{ name: "env-network", json: { resource } }]))
    .filter((f) => !f.ok)
    .map((f) => `${f.subject}: ${f.message}`);
}

// A good case passes because its subject was judged and held, not because it was left out: the
// subjects a check passes.
function manifestPasses(id: string, objects: K8sObject[]): string[] {
  const check = MANIFEST_CHECKS.find((c) => c.id === id)!;
  return check
    .evaluate(new ManifestModel("env", objects))
    .filter((f) => f.ok)
    .map((f) => f.subject);
}

function terraformPasses(id: string, resource: Json): string[] {
  const check = TERRAFORM_CHECKS.find((c) => c.id === id)!;
  return check
    .evaluate(new TerraformModel([{ name: "env-network", json: { resource } }]))
    .filter((f) => f.ok)
    .map((f) => f.subject);
}

const LABELS = { "app.kubernetes.io/name": "app" };
const app = (pod: Json = {}, container: Json = {}) => deployment("app", pod, container);
const pdb = (spec: Json, namespace = "apim") =>
  obj("policy/v1", "PodDisruptionBudget", `app-${namespace}`, namespace, {
    spec: { unhealthyPodEvictionPolicy: "AlwaysAllow", ...spec },
  });
const hpa = (min: number) =>
  obj("autoscaling/v2", "HorizontalPodAutoscaler", "app", "apim", {
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "app" },
      minReplicas: min,
      maxReplicas: 6,
    },
  });

describe("K17: pinned images", () => {
  test("a registry host with a port is not a tag: no tag (and not the project's ECR)", () => {
    const pod = deployment("gw", {}, { image: "registry.example.com:5000/apim/gw" });
    expect(manifestFindings("K17", [pod])).toEqual([
      "env/Deployment/apim/gw/gw: no tag; not from the project's ECR",
    ]);
  });
});

describe("K22: disruption budgets", () => {
  const APP = "env/Deployment/apim/app";
  test("a PDB selecting with matchExpressions covers the workload", () => {
    const selector = {
      matchExpressions: [{ key: "app.kubernetes.io/name", operator: "In", values: ["app"] }],
    };
    const objects = [app(), pdb({ selector, maxUnavailable: 1 })];
    expect(manifestFindings("K22", objects)).toEqual([]);
    expect(manifestPasses("K22", objects)).toContain(APP);
  });
  test("a PDB of another namespace does not cover it", () => {
    expect(
      manifestFindings("K22", [
        app(),
        pdb({ selector: { matchLabels: LABELS }, maxUnavailable: 1 }, "other"),
      ]),
    ).toEqual([`${APP}: no PodDisruptionBudget in its namespace selects its pods`]);
  });
  test("minAvailable 100% blocks every drain", () => {
    expect(
      manifestFindings("K22", [app(), pdb({ selector: { matchLabels: LABELS }, minAvailable: "100%" })]),
    ).toEqual([`${APP}: minAvailable 100% of 3 replicas blocks every drain`]);
  });
  test("minAvailable equal to the HPA minimum blocks every drain; one less does not", () => {
    const scaled = app();
    delete (scaled.spec as Json as { replicas?: number }).replicas;
    const budget = (minAvailable: number) => pdb({ selector: { matchLabels: LABELS }, minAvailable });
    expect(manifestFindings("K22", [scaled, hpa(3), budget(3)])).toEqual([
      `${APP}: minAvailable 3 of 3 pods at the HPA minimum blocks every drain`,
    ]);
    expect(manifestFindings("K22", [scaled, hpa(3), budget(2)])).toEqual([]);
  });
  test("percentages round up, as the disruption controller does: 67% of 3 is 3 and blocks", () => {
    expect(
      manifestFindings("K22", [app(), pdb({ selector: { matchLabels: LABELS }, minAvailable: "67%" })]),
    ).toEqual([`${APP}: minAvailable 67% of 3 replicas blocks every drain`]);
    expect(
      manifestFindings("K22", [app(), pdb({ selector: { matchLabels: LABELS }, maxUnavailable: "10%" })]),
    ).toEqual([]);
  });
  test.each([
    ["a count written as a string", { minAvailable: "2" }, 'minAvailable "2" is not a count or a percentage'],
    ["more than 100%", { maxUnavailable: "150%" }, 'maxUnavailable "150%" is not a count or a percentage'],
    ["unreadable", { maxUnavailable: "abc" }, 'maxUnavailable "abc" is not a count or a percentage'],
    [
      "both fields",
      { minAvailable: 1, maxUnavailable: 1 },
      "PDB sets both maxUnavailable and minAvailable (the API refuses it)",
    ],
  ])("a budget the API refuses: %s", (_case, budget, message) => {
    expect(manifestFindings("K22", [app(), pdb({ selector: { matchLabels: LABELS }, ...budget })])).toEqual([
      `${APP}: ${message}`,
    ]);
  });
  test("maxUnavailable 0% blocks every drain", () => {
    expect(
      manifestFindings("K22", [app(), pdb({ selector: { matchLabels: LABELS }, maxUnavailable: "0%" })]),
    ).toEqual([`${APP}: maxUnavailable 0 blocks every drain`]);
  });
  test("two PDBs over one pod: the eviction API refuses it", () => {
    const one = pdb({ selector: { matchLabels: LABELS }, maxUnavailable: 1 });
    const two = { ...one, metadata: { ...one.metadata, name: "second" } };
    expect(manifestFindings("K22", [app(), one, two])).toEqual([
      `${APP}: 2 PDBs select its pods: the eviction API refuses such pods`,
    ]);
  });
});

describe("K23: spreading", () => {
  const zoneSpread = {
    topologySpreadConstraints: [
      {
        topologyKey: "topology.kubernetes.io/zone",
        maxSkew: 1,
        whenUnsatisfiable: "DoNotSchedule",
        labelSelector: { matchLabels: LABELS },
      },
    ],
  };
  const antiAffinity = (labelSelector: Json) => ({
    ...zoneSpread,
    affinity: {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { topologyKey: "kubernetes.io/hostname", labelSelector },
        ],
      },
    },
  });
  test("anti-affinity that selects its own pods (by expression) spreads them over nodes", () => {
    const own = { matchExpressions: [{ key: "app.kubernetes.io/name", operator: "Exists" }] };
    expect(manifestFindings("K23", [app(antiAffinity(own))])).toEqual([]);
    expect(manifestPasses("K23", [app(antiAffinity(own))])).toContain("env/Deployment/apim/app");
  });
  test("one term of several that separates its own pods is enough, required or preferred", () => {
    const other = { topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: { app: "db" } } };
    const own = { topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: LABELS } };
    const required = {
      ...zoneSpread,
      affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [other, own] } },
    };
    const preferred = {
      ...zoneSpread,
      affinity: {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 50, podAffinityTerm: other },
            { weight: 100, podAffinityTerm: own },
          ],
        },
      },
    };
    expect(manifestFindings("K23", [app(required)])).toEqual([]);
    expect(manifestFindings("K23", [app(preferred)])).toEqual([]);
  });
  test("anti-affinity against other pods does not", () => {
    expect(
      manifestFindings("K23", [app(antiAffinity({ matchLabels: { "app.kubernetes.io/name": "other" } }))]),
    ).toEqual(["env/Deployment/apim/app: not spread over nodes"]);
  });
});

describe("K25: network policies", () => {
  const policy = (name: string, podSelector: unknown, rest: Json = {}) =>
    obj("networking.k8s.io/v1", "NetworkPolicy", name, "apim", {
      spec: { podSelector, policyTypes: ["Ingress"], ...rest },
    });
  const defaults = [
    policy("default-deny", {}, { policyTypes: ["Ingress", "Egress"] }),
    policy("dns", {}, { policyTypes: ["Egress"], egress: [{ ports: [{ port: 53, protocol: "UDP" }] }] }),
  ];
  test("a policy selecting with matchExpressions covers the pod", () => {
    const own = policy("app", {
      matchExpressions: [{ key: "app.kubernetes.io/name", operator: "In", values: ["app"] }],
    });
    expect(manifestFindings("K25", [app(), ...defaults, own])).toEqual([]);
    expect(manifestPasses("K25", [app(), ...defaults, own])).toContain("env/Deployment/apim/app");
  });
  test("a malformed selector covers nothing and is reported", () => {
    const bad = policy("app", { matchExpressions: [{ key: "app.kubernetes.io/name", operator: "Matches" }] });
    expect(manifestFindings("K25", [app(), ...defaults, bad])).toEqual([
      "env/Deployment/apim/app: only the namespace defaults select it",
      "env/NetworkPolicy/apim/app: malformed podSelector: unknown operator Matches on app.kubernetes.io/name",
    ]);
  });
  test("a malformed expression is reported whatever the pod's labels (every expression is read)", () => {
    const bad = policy("app", {
      matchExpressions: [
        { key: "app.kubernetes.io/name", operator: "In", values: ["other"] },
        { key: "tier", operator: "Exists", values: ["x"] },
      ],
    });
    expect(manifestFindings("K25", [app(), ...defaults, bad])).toEqual([
      "env/Deployment/apim/app: only the namespace defaults select it",
      "env/NetworkPolicy/apim/app: malformed podSelector: Exists on tier with values",
    ]);
  });
  test("DNS is port 53 as a number, a string or the named port dns; 5353 is not", () => {
    const dns = (port: unknown) =>
      policy("dns", {}, { policyTypes: ["Egress"], egress: [{ ports: [{ port, protocol: "UDP" }] }] });
    const own = policy("app", { matchLabels: LABELS });
    const namespace = "env/Namespace/-/apim";
    for (const port of [53, "53", "dns"]) {
      expect(manifestFindings("K25", [app(), defaults[0], dns(port), own])).toEqual([]);
      expect(manifestPasses("K25", [app(), defaults[0], dns(port), own])).toContain(namespace);
    }
    expect(manifestFindings("K25", [app(), defaults[0], dns(5353), own])).toEqual([
      `${namespace}: no DNS egress`,
    ]);
  });
  test("a rule allows DNS when one of its ports is DNS, or when it names no port (every port)", () => {
    const own = policy("app", { matchLabels: LABELS });
    const namespace = "env/Namespace/-/apim";
    const dns = (rule: Json) => policy("dns", {}, { policyTypes: ["Egress"], egress: [rule] });
    // CoreDNS names its ports dns (UDP) and dns-tcp (TCP).
    const named = dns({
      ports: [
        { port: "dns", protocol: "UDP" },
        { port: "dns-tcp", protocol: "TCP" },
      ],
    });
    const clusterDns = dns({
      to: [
        {
          namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
          podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
        },
      ],
    });
    // A port entry without a port is every port of its protocol; a range over 53 holds it.
    const everyUdpPort = dns({ ports: [{ protocol: "UDP" }] });
    const range = dns({ ports: [{ port: 50, endPort: 53, protocol: "UDP" }] });
    for (const rule of [named, clusterDns, everyUdpPort, range]) {
      expect(manifestFindings("K25", [app(), defaults[0], rule, own])).toEqual([]);
      expect(manifestPasses("K25", [app(), defaults[0], rule, own])).toContain(namespace);
    }
  });
  test("a range that stops short of 53, or starts after it, allows no DNS", () => {
    const own = policy("app", { matchLabels: LABELS });
    for (const [port, endPort] of [
      [40, 52],
      [54, 60],
    ]) {
      const rule = policy("dns", {}, { policyTypes: ["Egress"], egress: [{ ports: [{ port, endPort }] }] });
      expect(manifestFindings("K25", [app(), defaults[0], rule, own])).toEqual([
        "env/Namespace/-/apim: no DNS egress",
      ]);
    }
  });
  test("policy types in any order make the default deny; an omitted podSelector selects every pod", () => {
    const own = policy("app", { matchLabels: LABELS });
    const deny = obj("networking.k8s.io/v1", "NetworkPolicy", "default-deny", "apim", {
      spec: { policyTypes: ["Egress", "Ingress"] },
    });
    expect(manifestFindings("K25", [app(), deny, defaults[1], own])).toEqual([]);
    expect(manifestPasses("K25", [app(), deny, defaults[1], own])).toEqual(
      expect.arrayContaining(["env/Namespace/-/apim", "env/Deployment/apim/app"]),
    );
  });
  test("an empty matchLabels selects the whole namespace: it is a default, not the pod's own policy", () => {
    const wide = policy("wide", { matchLabels: {} });
    expect(manifestFindings("K25", [app(), ...defaults, wide])).toEqual([
      "env/Deployment/apim/app: only the namespace defaults select it",
    ]);
  });
  test("a policy that selects no pod is reported", () => {
    const own = policy("app", { matchLabels: LABELS });
    const dangling = policy("ghost", { matchLabels: { "app.kubernetes.io/name": "ghost" } });
    expect(manifestFindings("K25", [app(), ...defaults, own, dangling])).toEqual([
      "env/NetworkPolicy/apim/ghost: selects no pod",
    ]);
  });
});

describe("T31: load balancer allowlists", () => {
  test("inbound-cidrs beside the internet-facing ALB's security group are not judged: it admits the world", () => {
    const open = publicIngress();
    open.metadata.annotations = { ...open.metadata.annotations, [ALB("inbound-cidrs")]: "0.0.0.0/0" };
    expect(manifestFindings("T31", [open])).toEqual([]);
    expect(manifestPasses("T31", [open])).toEqual(["env/Ingress/apim/gateway"]);
  });
});

describe("K28: plaintext secrets", () => {
  const PEM = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----";
  test("an env name ending in _KEY with a literal value", () => {
    expect(manifestFindings("K28", [app({}, { env: [{ name: "SIGNING_KEY", value: "abc" }] })])).toEqual([
      "env/Deployment/apim/app/app: literal values for SIGNING_KEY",
    ]);
  });
  test("a PEM private key in an innocently named value", () => {
    expect(manifestFindings("K28", [app({}, { env: [{ name: "CONFIG", value: PEM }] })])).toEqual([
      "env/Deployment/apim/app/app: literal values for CONFIG",
    ]);
  });
  test("a ConfigMap key ending in -key", () => {
    const cm = obj("v1", "ConfigMap", "conf", "apim", { data: { "tls-key": "x", port: "8080" } });
    expect(manifestFindings("K28", [cm])).toEqual(["env/ConfigMap/apim/conf: secret-looking keys tls-key"]);
  });
  test("a ConfigMap value holding a PEM private key", () => {
    const cm = obj("v1", "ConfigMap", "conf", "apim", { data: { "notes.txt": PEM, port: "8080" } });
    expect(manifestFindings("K28", [cm])).toEqual(["env/ConfigMap/apim/conf: secret-looking keys notes.txt"]);
  });
  test("a PGP private key block and a name ending in .key", () => {
    const pgp = "-----BEGIN PGP PRIVATE KEY BLOCK-----\nlQ\n-----END PGP PRIVATE KEY BLOCK-----";
    expect(manifestFindings("K28", [app({}, { env: [{ name: "SIGNER", value: pgp }] })])).toEqual([
      "env/Deployment/apim/app/app: literal values for SIGNER",
    ]);
    expect(manifestFindings("K28", [app({}, { env: [{ name: "tls.key", value: "x" }] })])).toEqual([
      "env/Deployment/apim/app/app: literal values for tls.key",
    ]);
  });
  test("names that merely contain 'pass' are not secrets (PASSIVE_MODE, BYPASS_CACHE)", () => {
    const env = [
      { name: "PASSIVE_MODE", value: "true" },
      { name: "BYPASS_CACHE", value: "false" },
    ];
    expect(manifestFindings("K28", [app({}, { env })])).toEqual([]);
    expect(manifestPasses("K28", [app({}, { env })])).toContain("env/Deployment/apim/app/app");
  });
  test("a key reference, not a value, passes", () => {
    const env = [{ name: "API_KEY", valueFrom: { secretKeyRef: { name: "s", key: "k" } } }];
    expect(manifestFindings("K28", [app({}, { env })])).toEqual([]);
    expect(manifestPasses("K28", [app({}, { env })])).toContain("env/Deployment/apim/app/app");
  });
});

describe("K26: services", () => {
  test("an ExternalName Service selects no pods and is fine", () => {
    const svc = obj("v1", "Service", "mysql", "apim", {
      spec: { type: "ExternalName", externalName: "mysql.example.internal" },
    });
    expect(manifestFindings("K26", [svc])).toEqual([]);
    expect(manifestPasses("K26", [svc])).toEqual(["env/Service/apim/mysql"]);
  });
});

describe("P23: secrets of the inventory", () => {
  test("a workload that is no APIM component is not judged, whatever Secret it mounts", () => {
    const client = deployment("mysql-client", {
      volumes: [{ name: "creds", secret: { secretName: "mysql" } }],
    });
    client.metadata.labels = { "app.kubernetes.io/name": "mysql-client" };
    expect(manifestFindings("P23", [client])).toEqual([]);
    expect(manifestPasses("P23", [client])).toEqual([]);
  });
});

describe("T18: world-open admin ports", () => {
  const group = { aws_security_group: { g: { description: "g" } } };
  const legacy = (rule: Json) => ({
    ...group,
    aws_security_group_rule: {
      r: {
        type: "ingress",
        security_group_id: "${aws_security_group.g.id}",
        cidr_blocks: ["0.0.0.0/0"],
        ...rule,
      },
    },
  });
  test("an aws_security_group_rule opening 22 to the world", () => {
    expect(terraformFindings("T18", legacy({ protocol: "tcp", from_port: 22, to_port: 22 }))).toEqual([
      "env-network/aws_security_group_rule.r: open to the world on 22",
    ]);
  });
  test("ports 0-0 are read as all ports", () => {
    expect(terraformFindings("T18", legacy({ protocol: "tcp", from_port: 0, to_port: 0 }))).toEqual([
      "env-network/aws_security_group_rule.r: open to the world on all ports",
    ]);
  });
  test("ICMP type 0 code 0 (echo reply) from the world is not 'all ports'", () => {
    const icmp = legacy({ protocol: "icmp", from_port: 0, to_port: 0 });
    expect(terraformFindings("T18", icmp)).toEqual([]);
    expect(terraformPasses("T18", icmp)).toContain("env-network/aws_security_group_rule.r");
  });
  test("443 from the world passes", () => {
    const https = legacy({ protocol: "tcp", from_port: 443, to_port: 443 });
    expect(terraformFindings("T18", https)).toEqual([]);
    expect(terraformPasses("T18", https)).toContain("env-network/aws_security_group_rule.r");
  });
});

describe("P3: the flow table per stack", () => {
  test("a stack with tier groups and no rules at all lacks the table's rows", () => {
    const noRules = withChange(referenceNetwork(), (r) => {
      delete r[INGRESS];
      delete r[EGRESS];
    });
    const check = TERRAFORM_CHECKS.find((c) => c.id === "P3")!;
    const failing = check
      .evaluate(new TerraformModel([networkStack(), networkStack(noRules, "env-network-b")]))
      .filter((f) => !f.ok)
      .map((f) => `${f.subject}: ${f.message}`);
    expect(failing).toContain(
      "env-network-b/flow.smtp-egress: flow smtp-egress lacks egress rules for 465, 587",
    );
    expect(failing.filter((f) => !f.startsWith("env-network-b/flow."))).toEqual([]);
  });
});

describe("inline rules: one rule per peer group, self included", () => {
  test("P31 sees two inline rules that name the same group twice as one permission", () => {
    const inline = { protocol: "tcp", from_port: 22, to_port: 22 };
    const groups = {
      aws_security_group: {
        a: {
          description: "a",
          ingress: [
            { ...inline, self: true },
            { ...inline, security_groups: ["${aws_security_group.a.id}"] },
          ],
        },
      },
    };
    expect(terraformFindings("P31", groups)).toEqual([
      "env-network/aws_security_group.a.ingress[1]: duplicates the permission of env-network/aws_security_group.a.ingress[0]: AWS refuses it",
    ]);
  });
});

describe("exemptions that name their message exempt only that message", () => {
  test("the APIM uid 1000 exemption of K2 does not hide a root group", () => {
    const exempted = EXEMPTIONS.filter((e) => e.check === "K2");
    expect(exempted.length).toBeGreaterThan(0);
    const rootGroup = deployment("gateway-x", { securityContext: { runAsUser: 1000, runAsGroup: 0 } });
    const k2 = MANIFEST_CHECKS.filter((c) => c.id === "K2");
    const { failures } = evaluate(k2, new ManifestModel("prod", [rootGroup]), EXEMPTIONS);
    expect(failures.map((f) => `${f.subject}: ${f.message}`)).toEqual([
      "prod/Deployment/apim/gateway-x/gateway-x: runAsUser 1000 is not above 10000; runAsGroup is 0",
    ]);
    const uid1000 = deployment("gateway-x", { securityContext: { runAsUser: 1000, runAsGroup: 1000 } });
    expect(evaluate(k2, new ManifestModel("prod", [uid1000]), EXEMPTIONS).failures).toEqual([]);
  });
});

describe("K6, K2, K30: pod security and jobs", () => {
  const safe = { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001 };
  test("K6: a pod-level hostProcess is not hidden by a container's other windowsOptions", () => {
    const pod = { securityContext: { windowsOptions: { hostProcess: true } } };
    const container = { securityContext: { windowsOptions: { runAsUserName: "app" } } };
    expect(manifestFindings("K6", [app(pod, container)])).toEqual([
      "env/Deployment/apim/app/app: Windows host process",
    ]);
  });
  test("K24: a selector with matchExpressions that selects the template is fine", () => {
    const w = app();
    ((w.spec as Json).selector as Json) = {
      matchExpressions: [{ key: "app.kubernetes.io/name", operator: "In", values: ["app"] }],
    };
    ((w.spec as Json).strategy as Json) = { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } };
    expect(manifestFindings("K24", [w])).toEqual([]);
    expect(manifestPasses("K24", [w])).toContain("env/Deployment/apim/app");
  });
  test("K6: a pod-level Windows hostProcess", () => {
    expect(
      manifestFindings("K6", [app({ securityContext: { windowsOptions: { hostProcess: true } } })]),
    ).toEqual(["env/Deployment/apim/app/app: Windows host process"]);
  });
  test.each([
    ["runAsGroup 1000", { ...safe, runAsGroup: 1000 }, "runAsGroup 1000 is not above 10000"],
    ["runAsUser unset", { runAsGroup: 10001 }, "runAsUser unset (the image decides)"],
    ["fsGroup 0", { ...safe, fsGroup: 0 }, "fsGroup is 0"],
    ["a root supplemental group", { ...safe, supplementalGroups: [0] }, "supplementalGroups include 0"],
  ])("K2: %s", (_case, securityContext, message) => {
    expect(manifestFindings("K2", [app({ securityContext })])).toEqual([
      `env/Deployment/apim/app/app: ${message}`,
    ]);
  });
  test("K30: a CronJob whose pods restart forever", () => {
    const cron = obj("batch/v1", "CronJob", "nightly", "apim", {
      spec: {
        schedule: "0 1 * * *",
        startingDeadlineSeconds: 300,
        concurrencyPolicy: "Forbid",
        jobTemplate: {
          spec: {
            activeDeadlineSeconds: 600,
            ttlSecondsAfterFinished: 3600,
            template: { spec: { restartPolicy: "Always", containers: [{ name: "c", image: "x:1" }] } },
          },
        },
      },
    });
    expect(manifestFindings("K30", [cron])).toEqual(["env/CronJob/apim/nightly: restartPolicy Always"]);
  });
});

describe("every pod-running kind is judged, and malformed ones are findings", () => {
  const privileged = { name: "c", image: "x:1", securityContext: { privileged: true } };
  test.each([
    ["Pod", obj("v1", "Pod", "bare", "apim", { spec: { containers: [privileged] } })],
    [
      "ReplicaSet",
      obj("apps/v1", "ReplicaSet", "bare", "apim", {
        spec: { template: { spec: { containers: [privileged] } } },
      }),
    ],
    [
      "ReplicationController",
      obj("v1", "ReplicationController", "bare", "apim", {
        spec: { template: { spec: { containers: [privileged] } } },
      }),
    ],
  ])("K6 judges a privileged %s", (kind, workload) => {
    expect(manifestFindings("K6", [workload])).toEqual([`env/${kind}/apim/bare/c: privileged`]);
  });
  test("containers that are not a list are a finding, not a crash", () => {
    const broken = obj("apps/v1", "Deployment", "broken", "apim", {
      spec: { template: { spec: { containers: "oops" } } },
    });
    expect(manifestFindings("K1", [broken])).toEqual([
      "env/Deployment/apim/broken/<containers>: malformed pod spec: containers is not a list of containers",
    ]);
  });
});

// The pass messages are the evidence the conformance report prints: where they say what was
// proved, a case pins them.
describe("pass messages that carry evidence", () => {
  test("K26: a Service's pass names the pods it serves", () => {
    const service = obj("v1", "Service", "app", "apim", {
      spec: { selector: LABELS, ports: [{ port: 80, targetPort: 8080 }] },
    });
    const objects = [app({}, { ports: [{ containerPort: 8080 }] }), service];
    const check = MANIFEST_CHECKS.find((c) => c.id === "K26")!;
    expect(check.evaluate(new ManifestModel("env", objects))).toEqual([
      { subject: "env/Service/apim/app", ok: true, message: "serves app" },
    ]);
  });

  test("K26: a Service that selects two workloads names both", () => {
    const service = obj("v1", "Service", "apim", "apim", {
      spec: { selector: { tier: "apim" }, ports: [{ port: 80, targetPort: 8080 }] },
    });
    const tiered = (name: string) => {
      const w = deployment(name, {}, { ports: [{ containerPort: 8080 }] });
      const template = (w.spec as Json).template as { metadata: { labels: Record<string, string> } };
      template.metadata.labels.tier = "apim";
      return w;
    };
    const check = MANIFEST_CHECKS.find((c) => c.id === "K26")!;
    expect(
      check.evaluate(new ManifestModel("env", [tiered("gateway"), tiered("ui"), service])),
    ).toContainEqual({
      subject: "env/Service/apim/apim",
      ok: true,
      message: "serves gateway, ui",
    });
  });

  test("K30: a Job's pass says it is bounded and replaceable, a CronJob's that it is bounded", () => {
    const pod = { spec: { restartPolicy: "Never", containers: [{ name: "c", image: "x:1" }] } };
    const job = obj("batch/v1", "Job", "import", "apim", {
      metadata: { annotations: { "kustomize.toolkit.fluxcd.io/force": "enabled" } },
      spec: { ttlSecondsAfterFinished: 60, backoffLimit: 1, activeDeadlineSeconds: 600, template: pod },
    });
    const cron = obj("batch/v1", "CronJob", "nightly", "apim", {
      spec: {
        schedule: "0 1 * * *",
        startingDeadlineSeconds: 300,
        concurrencyPolicy: "Forbid",
        jobTemplate: { spec: { activeDeadlineSeconds: 600, ttlSecondsAfterFinished: 3600, template: pod } },
      },
    });
    const check = MANIFEST_CHECKS.find((c) => c.id === "K30")!;
    expect(check.evaluate(new ManifestModel("env", [job, cron]))).toEqual([
      { subject: "env/Job/apim/import", ok: true, message: "bounded and replaceable" },
      { subject: "env/CronJob/apim/nightly", ok: true, message: "bounded" },
    ]);
  });

  test("K28: a malformed pod's containers are not judged (the per-container checks report it)", () => {
    const malformed = obj("apps/v1", "Deployment", "broken", "apim", { spec: { template: {} } });
    expect(manifestPasses("K28", [malformed])).toEqual([]);
    expect(manifestFindings("K28", [malformed])).toEqual([]);
  });

  test("P2: a repository's pass names each region it is replicated to", () => {
    const registry = {
      name: "env-registry",
      json: {
        provider: { aws: [{ region: "eu-west-1" }] },
        resource: {
          aws_ecr_repository: { gateway: { name: "apim/gateway" } },
          aws_ecr_replication_configuration: {
            replication: {
              replication_configuration: {
                rule: [
                  {
                    destination: [
                      { region: "eu-central-1", registry_id: "111111111111" },
                      { region: "eu-west-3", registry_id: "111111111111" },
                    ],
                  },
                ],
              },
            },
          },
        },
      },
    };
    const check = TERRAFORM_CHECKS.find((c) => c.id === "P2")!;
    expect(check.evaluate(new TerraformModel([registry]))).toEqual([
      {
        subject: "env-registry/aws_ecr_repository.gateway",
        ok: true,
        message: "replicated to eu-central-1, eu-west-3",
      },
    ]);
  });

  test("P20: an environment's pass counts what it has", () => {
    const check = TERRAFORM_CHECKS.find((c) => c.id === "P20")!;
    expect(check.evaluate(new TerraformModel(environment("dev")))).toEqual([
      {
        subject: "dev/environment",
        ok: true,
        message:
          "1 EKS cluster, 2 ECR repositories, 3 Cassandra nodes, 1 RDS instance, 1 shared file system, " +
          "1 monitoring node group, 1 bastion",
      },
    ]);
  });

  test("P27: the runbook's pass lists what it gives", () => {
    const finding = REPOSITORY_CHECKS.find((c) => c.id === "P27")!.evaluate(referenceDelivery());
    expect(finding).toEqual([
      {
        subject: "docs/runbooks/promote-release.md",
        ok: true,
        message: "tag change per env; API Manager data exported with apim-cli; and imported",
      },
    ]);
  });
});
