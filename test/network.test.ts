// The network stack: the flow table and the generated rules match both ways, the bastion is
// reached through SSM, and its user data passes shellcheck.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Testing } from "cdktf";
import { prod } from "../envs/prod";
import { validateEnvironments } from "../envs/validate";
import { Flow, FLOWS, portLabel } from "../lib/flow-table";
import { P31 } from "../policy/checks/security-groups";
import { securityGroupRules, tierOf } from "../policy/network-model";
import { TerraformModel } from "../policy/terraform-model";
import { bastionUserData } from "../modules/bastion";
import { NetworkStack } from "../stacks/network-stack";
import { exampleEnvs, terraformModel } from "./support/synth-output";
import { describeWithTools, locate } from "./support/tools";
import { testDir } from "./support/synth-output";

/** "<group tier> <direction> <peer> <protocol>/<port>" -> the flow ids its rule names, per stack. */
function renderRules(model: TerraformModel, stack: string): Record<string, string> {
  const lines = securityGroupRules(model)
    .filter((r) => r.stack === stack)
    .map((r) => {
      const peer = r.peerGroup ? tierOf(r.peerGroup) : r.peerCidrs.join(",");
      const port = r.fromPort === r.toPort ? String(r.fromPort) : `${r.fromPort}-${r.toPort}`;
      const flows = /^flows? ([^:]+): /.exec(r.description ?? "")?.[1] ?? `no flow in "${r.description}"`;
      return [`${tierOf(r.group)} ${r.direction} ${peer} ${r.protocol}/${port}`, flows] as const;
    });
  // A permission twice would collapse here: count the rules too.
  expect(new Set(lines.map(([permission]) => permission)).size).toBe(lines.length);
  return Object.fromEntries(lines.sort());
}

/** The same permissions, derived from the table rows alone, with every flow that implies each. */
function renderTable(flows: readonly Flow[], cidrs: Record<string, string[]>): Record<string, string> {
  const tiers = new Set([
    "frontend",
    "bastion",
    "controlPlane",
    "workers",
    "data",
    "vpcEndpoints",
    "internalAlb",
  ]);
  const permissions = new Map<string, string[]>();
  const add = (line: string, id: string) => permissions.set(line, [...(permissions.get(line) ?? []), id]);
  for (const f of flows) {
    for (const p of f.ports) {
      const label = `${f.protocol}/${portLabel(p)}`;
      if (tiers.has(f.from))
        for (const peer of tiers.has(f.to) ? [f.to] : cidrs[f.to])
          add(`${f.from} egress ${peer} ${label}`, f.id);
      if (tiers.has(f.to))
        for (const peer of tiers.has(f.from) ? [f.from] : cidrs[f.from])
          add(`${f.to} ingress ${peer} ${label}`, f.id);
    }
  }
  return Object.fromEntries([...permissions].map(([line, ids]) => [line, ids.join("+")] as const).sort());
}

test.each(exampleEnvs().map((e) => [e.name, e] as const))(
  "%s: rules and flow table match both ways, one rule per permission",
  (_n, env) => {
    const cidrs = {
      internet: ["0.0.0.0/0"],
      adminNetwork: env.network.adminCidrs,
      vpcResolver: [`${env.network.vpcCidr.split("/")[0].replace(/\.0$/, ".2")}/32`],
    };
    const enabled = FLOWS.filter((f) => !f.optIn || (f.optIn === "bastionSsh" && env.bastion.sshIngress));
    expect(renderRules(terraformModel(), `${env.name}-network`)).toEqual(renderTable(enabled, cidrs));
  },
);

test("two flows with the same permission share one rule (AWS refuses a duplicate)", () => {
  // Flows iam-egress and 7 (in table order) both let the workers reach the internet on tcp/443.
  const shared = ["iam-egress", "7"].map((id) => FLOWS.find((f) => f.id === id)!);
  expect(shared.map((f) => [f.from, f.to, f.protocol, f.ports])).toEqual([
    ["workers", "internet", "tcp", [443]],
    ["workers", "internet", "tcp", [443]],
  ]);
  const rules = securityGroupRules(terraformModel()).filter(
    (r) =>
      r.stack === "prod-network" &&
      tierOf(r.group) === "workers" &&
      r.direction === "egress" &&
      r.fromPort === 443,
  );
  expect(rules.filter((r) => r.peerCidrs.includes("0.0.0.0/0")).map((r) => r.description)).toEqual([
    `flows iam-egress+7: ${shared[0].description}; ${shared[1].description}`,
  ]);
});

test("every row names its tiers from the known set (a typo is a type error)", () => {
  const typo: Flow = {
    id: "x",
    description: "x",
    from: "workers",
    // @ts-expect-error "database" is not a tier
    to: "database",
    protocol: "tcp",
    ports: [1],
    origin: "project",
  };
  expect(typo.to).toBe("database");
  expect(new Set(FLOWS.map((f) => f.id)).size).toBe(FLOWS.length);
  expect(FLOWS.filter((f) => f.origin !== "seed" && !f.reason).map((f) => f.id)).toEqual([]);
});

test("the seed's flow ids are all in the table", () => {
  const seed = ["1a", "1b", "2", "3", "4", "5", "6", "7", "8", "9", "iam-egress", "smtp-egress"];
  expect(
    FLOWS.filter((f) => f.origin === "seed")
      .map((f) => f.id)
      .sort(),
  ).toEqual(seed.sort());
});

test("opting in to bastion SSH opens 22 and 3389 from the admin CIDRs only", () => {
  const env = validateEnvironments([
    { ...structuredClone(prod), bastion: { instanceType: "t3.small", sshIngress: true } },
  ])[0];
  const app = Testing.app();
  const stack = new NetworkStack(app, env);
  const model = new TerraformModel([{ name: "prod-network", json: JSON.parse(Testing.synth(stack)) }]);
  const ssh = Object.entries(renderRules(model, "prod-network")).filter(([, flows]) => flows === "6");
  expect(ssh.map(([permission]) => permission)).toEqual(
    env.network.adminCidrs
      .flatMap((c) => [`bastion ingress ${c} tcp/22`, `bastion ingress ${c} tcp/3389`])
      .sort(),
  );
  fs.rmSync(app.outdir, { recursive: true, force: true });
});

test("without the opt-in, nothing reaches the bastion from outside the VPC", () => {
  const rules = securityGroupRules(terraformModel()).filter(
    (r) => r.direction === "ingress" && tierOf(r.group) === "bastion",
  );
  expect(rules).toEqual([]);
});

describeWithTools("bastion user data", ["shellcheck"], () => {
  test.each(exampleEnvs().map((e) => [e.name, e] as const))(
    "%s: passes shellcheck and pins its tools",
    (_n, env) => {
      const script = bastionUserData({
        kubectlVersion: "1.33.5",
        region: env.aws.region,
        clusterName: `apim-${env.name}`,
      });
      const file = path.join(fs.mkdtempSync(path.join(testDir(), "apim-sh-")), "bastion.sh");
      fs.writeFileSync(file, script);
      execFileSync(locate("shellcheck")!, ["--severity=style", file]);
      expect(script).not.toMatch(/@[A-Z_]+@/); // every placeholder filled
      expect(script).toMatch(/KUBECTL_VERSION="1\.33\.5"/);
      expect(script).toMatch(/CQLSH_VERSION="\d+\.\d+\.\d+"/);
    },
  );

  test("shellcheck fails a broken script", () => {
    const file = path.join(fs.mkdtempSync(path.join(testDir(), "apim-sh-")), "bad.sh");
    fs.writeFileSync(file, "#!/bin/bash\nrm -rf $1/*\n");
    expect(() => execFileSync(locate("shellcheck")!, [file], { stdio: "pipe" })).toThrow();
  });
});

describe("P31 finds a duplicate permission however it is written", () => {
  const sg = (name: string) => `\${aws_security_group.${name}.id}`;
  const base = { security_group_id: sg("a"), cidr_ipv4: "0.0.0.0/0", description: "d" };
  const model = (resource: Record<string, Record<string, Record<string, unknown>>>) =>
    new TerraformModel([
      {
        name: "env-network",
        json: { resource: { aws_security_group: { a: { description: "a" } }, ...resource } },
      },
    ]);
  const failing = (m: TerraformModel) =>
    P31.evaluate(m)
      .filter((f) => !f.ok)
      .map((f) => f.subject);

  test.each([
    [
      "protocol by name and by number",
      {
        aws_vpc_security_group_egress_rule: {
          x: { ...base, ip_protocol: "tcp", from_port: 443, to_port: 443 },
          y: { ...base, ip_protocol: "6", from_port: 443, to_port: 443 },
        },
      },
      "env-network/aws_vpc_security_group_egress_rule.y",
    ],
    [
      "all traffic, ports ignored",
      {
        aws_vpc_security_group_ingress_rule: {
          x: { ...base, ip_protocol: "-1" },
          y: { ...base, ip_protocol: "-1", from_port: 0, to_port: 0 },
        },
      },
      "env-network/aws_vpc_security_group_ingress_rule.y",
    ],
    [
      "a legacy rule whose CIDR list repeats a rule resource's peer",
      {
        aws_vpc_security_group_egress_rule: {
          x: { ...base, ip_protocol: "tcp", from_port: 443, to_port: 443 },
        },
        aws_security_group_rule: {
          y: {
            type: "egress",
            security_group_id: sg("a"),
            protocol: "tcp",
            from_port: 443,
            to_port: 443,
            cidr_blocks: ["10.0.0.0/8", "0.0.0.0/0"],
          },
        },
      },
      "env-network/aws_security_group_rule.y",
    ],
  ])("%s", (_case, resources, duplicate) => {
    expect(failing(model(resources))).toEqual([duplicate]);
  });

  test("the same permission in the other direction or on another port is distinct", () => {
    expect(
      failing(
        model({
          aws_vpc_security_group_egress_rule: {
            x: { ...base, ip_protocol: "tcp", from_port: 443, to_port: 443 },
          },
          aws_vpc_security_group_ingress_rule: {
            x: { ...base, ip_protocol: "tcp", from_port: 443, to_port: 443 },
          },
          aws_security_group_rule: {
            y: {
              type: "egress",
              security_group_id: sg("a"),
              protocol: "tcp",
              from_port: 8443,
              to_port: 8443,
              cidr_blocks: ["0.0.0.0/0"],
            },
          },
        }),
      ),
    ).toEqual([]);
  });
});
