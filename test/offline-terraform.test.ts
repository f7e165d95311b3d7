// The offline plan harness itself: a stack that reads another stack's outputs (cdktf's
// cross-stack references become terraform_remote_state) still plans, with type-correct stand-ins.
import * as fs from "fs";
import * as path from "path";
import { App, S3Backend, TerraformStack } from "cdktf";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { OfflineTerraform, placeholderFor } from "./support/offline-terraform";
import { testDir } from "./support/synth-output";
import { AWS_PROVIDER_VERSION, describeWithTools } from "./support/tools";

test("placeholders look like what they stand for", () => {
  expect(placeholderFor("${aws_subnet.workers_0.id}")).toMatch(/^subnet-[a-z0-9]{17}$/);
  expect(placeholderFor("${aws_security_group.data.id}")).toMatch(/^sg-/);
  expect(placeholderFor("${aws_kms_key.logs.arn}")).toBe("arn:aws:kms:eu-west-1:111111111111:kms_key/logs");
});

describeWithTools(
  "offline plan of a stack with cross-stack references",
  ["terraform", "aws-provider-mirror"],
  () => {
    test("the downstream stack validates and plans", async () => {
      const dir = fs.mkdtempSync(path.join(testDir(), "apim-xstack-"));
      const app = new App({ outdir: path.join(dir, "cdktf.out") });
      const stackWith = (name: string) => {
        const stack = new TerraformStack(app, name);
        new AwsProvider(stack, "aws", { region: "eu-west-1" });
        new S3Backend(stack, { bucket: "state", key: `${name}.tfstate`, region: "eu-west-1" });
        return stack;
      };
      const network = stackWith("network");
      const vpc = new Vpc(network, "vpc", { cidrBlock: "10.0.0.0/16" });
      const subnet = new Subnet(network, "subnet", { vpcId: vpc.id, cidrBlock: "10.0.0.0/24" });
      const key = new KmsKey(network, "key", { enableKeyRotation: true });
      const data = stackWith("data");
      new SecurityGroup(data, "sg", { vpcId: vpc.id, name: "data", description: `${subnet.id} ${key.arn}` });
      app.synth();

      const read = (name: string) =>
        JSON.parse(fs.readFileSync(path.join(dir, "cdktf.out", "stacks", name, "cdk.tf.json"), "utf8"));
      const terraform = new OfflineTerraform(path.join(dir, "terraform"));
      await terraform.init();
      const result = await terraform.plan(
        "data",
        read("data"),
        (name) => (name === "network" ? read(name) : undefined),
        {
          details: true,
        },
      );
      expect(result.validate.valid).toBe(true);
      const sg = (
        result.plan!.resource_changes as { type: string; change: { after: Record<string, string> } }[]
      ).find((c) => c.type === "aws_security_group")!;
      expect(sg.change.after.vpc_id).toMatch(/^vpc-/);
      expect(sg.change.after.description).toMatch(/^subnet-\S+ arn:aws:kms:/);
      fs.rmSync(dir, { recursive: true, force: true });
    });
  },
);

describeWithTools(
  "stacks planned together keep their own results",
  ["terraform", "aws-provider-mirror"],
  () => {
    test("an error in one stack is blamed on that stack alone", async () => {
      const dir = fs.mkdtempSync(path.join(testDir(), "plan-all-"));
      const stack = (vpc: Record<string, unknown>) => ({
        terraform: {
          required_providers: { aws: { source: "hashicorp/aws", version: AWS_PROVIDER_VERSION } },
        },
        provider: { aws: [{ region: "eu-west-1" }] },
        resource: { aws_vpc: { main: { cidr_block: "10.0.0.0/16", ...vpc } } },
      });
      const terraform = new OfflineTerraform(path.join(dir, "terraform"));
      await terraform.init();
      const [good, bad] = await terraform.planAll(
        [
          { name: "good", json: stack({}) },
          { name: "bad", json: stack({ no_such_argument: true }) },
        ],
        () => undefined,
      );
      expect(good.validate).toEqual({ valid: true, diagnostics: [] });
      expect(bad.validate.valid).toBe(false);
      expect(JSON.stringify(bad.validate.diagnostics)).toContain("no_such_argument");
    });
  },
);
