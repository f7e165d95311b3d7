// EC2 instances (the bastion, later the Cassandra nodes): T13, T14, T16, T22.
import { perResource, TerraformCheck } from "../check";
import { asArray, Attrs, block, TerraformResource } from "../terraform-model";

export const T13: TerraformCheck = perResource({
  id: "T13",
  title: "IMDSv2 only",
  requirements: [],
  types: ["aws_instance"],
  passText: "http_tokens = required",
  failures: (i) => {
    const metadata = block(i.attrs, "metadata_options");
    return [
      metadata.http_tokens !== "required" && metadata.http_endpoint !== "disabled" && "IMDSv1 is allowed",
    ];
  },
});

export const T14: TerraformCheck = perResource({
  id: "T14",
  title: "Root and attached block devices encrypted",
  requirements: ["SEC-3"],
  types: ["aws_instance"],
  passText: "every block device encrypted",
  failures: (i) => [
    block(i.attrs, "root_block_device").encrypted !== true && "root volume is not encrypted",
    asArray<Attrs>(i.attrs.ebs_block_device).some((d) => d.encrypted !== true) &&
      "an EBS block device is not encrypted",
  ],
});

export const T16: TerraformCheck = perResource({
  id: "T16",
  title: "No public IPs on instances",
  requirements: ["SECU-1"],
  types: ["aws_instance", "aws_launch_template"],
  passText: "no public IP",
  failures: (r) =>
    r.type === "aws_instance"
      ? [
          r.attrs.associate_public_ip_address !== false &&
            "associate_public_ip_address is not explicitly false",
        ]
      : [
          asArray<Attrs>(r.attrs.network_interfaces).some((n) => n.associate_public_ip_address === true) &&
            "a network interface gets a public IP",
        ],
});

const KEY_PATTERNS = [/AKIA[0-9A-Z]{16}/, /aws_secret_access_key/i, /-----BEGIN [A-Z ]*PRIVATE KEY-----/];

/**
 * The user data as written and decoded: an instance takes text in user_data or base64 in
 * user_data_base64; a launch template takes base64 in user_data. A missing one reads as
 * "undefined", which holds no key, written or decoded.
 */
function userDataText(resource: TerraformResource): string {
  const raw = String(resource.attrs.user_data);
  const encoded = resource.type === "aws_launch_template" ? raw : String(resource.attrs.user_data_base64);
  return `${raw}\n${Buffer.from(encoded, "base64").toString("utf8")}`;
}

export const T22: TerraformCheck = {
  id: "T22",
  title: "No default VPC, no keys in user data or provider blocks",
  requirements: ["SEC-3"],
  evaluate: (model) => [
    ...model
      .ofType("aws_default_vpc")
      .map((r) => ({ subject: r.address, ok: false, message: "aws_default_vpc is managed" })),
    ...[...model.ofType("aws_instance"), ...model.ofType("aws_launch_template")].map((r) => {
      const leaked = KEY_PATTERNS.some((p) => p.test(userDataText(r)));
      return {
        subject: r.address,
        ok: !leaked,
        message: leaked ? "user data holds a key" : "user data holds no key",
      };
    }),
    ...model.stacks.flatMap((s) =>
      asArray<Attrs>(((s.json.provider ?? {}) as Attrs).aws).map((p, i) => {
        const hardcoded = p.access_key !== undefined || p.secret_key !== undefined;
        return {
          subject: `${s.name}/provider.aws[${i}]`,
          ok: !hardcoded,
          message: hardcoded ? "provider block holds static credentials" : "no static credentials",
        };
      }),
    ),
  ],
};
