// The network stack: the flow table and the generated rules match both ways, the bastion is
// reached through SSM, and its user data passes shellcheck.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Testing } from "cdktf";
import { prod } from "../envs/prod";
import { validateEnvironments } from "../envs/validate";
import { Flow, FLOWS, portLabel } from "../lib/flow-table";
import { securityGroupRules, tierOf } from "../policy/network-model";
import { TerraformModel } from "../policy/terraform-model";
import { bastionUserData } from "../modules/bastion";
import { NetworkStack } from "../stacks/network-stack";
import { exampleEnvs, terraformModel } from "./support/synth-output";
import { describeWithTools, locate } from "./support/tools";

/** "<group tier> <direction> <peer> <protocol>/<port>" for every rule of one stack. */
function renderRules(model: TerraformModel, stack: string): string[] {
  return securityGroupRules(model)
    .filter((r) => r.stack === stack)
    .map((r) => {
      const peer = r.peerGroup ? tierOf(r.peerGroup) : r.peerCidrs.join(",");
      const port = r.fromPort === r.toPort ? String(r.fromPort) : `${r.fromPort}-${r.toPort}`;
      return `${tierOf(r.group)} ${r.direction} ${peer} ${r.protocol}/${port} [${r.description}]`;
    })
    .sort();
}

/** The same lines, derived from the table rows alone. */
function renderTable(flows: readonly Flow[], cidrs: Record<string, string[]>): string[] {
  const tiers = new Set(["frontend", "bastion", "controlPlane", "workers", "data", "vpcEndpoints"]);
  const lines: string[] = [];
  for (const f of flows) {
    for (const p of f.ports) {
      const label = `${f.protocol}/${portLabel(p)} [flow ${f.id}: ${f.description}]`;
      if (tiers.has(f.from))
        for (const peer of tiers.has(f.to) ? [f.to] : cidrs[f.to])
          lines.push(`${f.from} egress ${peer} ${label}`);
      if (tiers.has(f.to))
        for (const peer of tiers.has(f.from) ? [f.from] : cidrs[f.from])
          lines.push(`${f.to} ingress ${peer} ${label}`);
    }
  }
  return lines.sort();
}

test.each(exampleEnvs().map((e) => [e.name, e] as const))(
  "%s: rules and flow table match both ways",
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
  const ssh = renderRules(model, "prod-network").filter((l) => l.includes("[flow 6:"));
  expect(ssh).toEqual(
    env.network.adminCidrs
      .flatMap((c) => [
        `bastion ingress ${c} tcp/22 [flow 6: admin network to the bastion (SSH/RDP)]`,
        `bastion ingress ${c} tcp/3389 [flow 6: admin network to the bastion (SSH/RDP)]`,
      ])
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
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "apim-sh-")), "bastion.sh");
      fs.writeFileSync(file, script);
      execFileSync(locate("shellcheck")!, ["--severity=style", file]);
      expect(script).not.toMatch(/@[A-Z_]+@/); // every placeholder filled
      expect(script).toMatch(/KUBECTL_VERSION="1\.33\.5"/);
      expect(script).toMatch(/CQLSH_VERSION="\d+\.\d+\.\d+"/);
    },
  );

  test("shellcheck fails a broken script", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "apim-sh-")), "bad.sh");
    fs.writeFileSync(file, "#!/bin/bash\nrm -rf $1/*\n");
    expect(() => execFileSync(locate("shellcheck")!, [file], { stdio: "pipe" })).toThrow();
  });
});
