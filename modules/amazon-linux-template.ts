// A launch template that only names the OS image: Amazon Linux 2023, resolved by EC2 at launch
// from the public SSM parameter. No data source is needed (plans stay offline) and a new AMI
// release does not replace running instances.
import { Construct } from "constructs";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";

export const AMAZON_LINUX_2023 =
  "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";

export function amazonLinuxTemplate(scope: Construct, id: string, name: string): LaunchTemplate {
  return new LaunchTemplate(scope, id, {
    name,
    imageId: AMAZON_LINUX_2023,
    updateDefaultVersion: true,
    tagSpecifications: [{ resourceType: "instance", tags: { Name: name } }],
  });
}
