// Add-ons and identities: T10 (network policy enforced), T11 (pod identities scoped to one
// service account of one cluster) and P9 (add-on versions pinned).
import { Finding, perResource, TerraformCheck, finding } from "../check";
import { asArray, Attrs, referencesResource, TerraformResource } from "../terraform-model";

export const T10: TerraformCheck = {
  id: "T10",
  title: "NetworkPolicy enforced by the VPC CNI",
  requirements: ["K8S-1", "K8S-3"],
  evaluate: (model) =>
    model.ofType("aws_eks_cluster").map((c): Finding => {
      const cni = model
        .ofType("aws_eks_addon")
        .find(
          (a) =>
            a.stack === c.stack &&
            a.attrs.addon_name === "vpc-cni" &&
            referencesResource(a.attrs.cluster_name, c),
        );
      const config =
        cni && typeof cni.attrs.configuration_values === "string"
          ? (JSON.parse(cni.attrs.configuration_values) as Attrs)
          : {};
      const ok = String(config.enableNetworkPolicy) === "true";
      return {
        subject: c.address,
        ok,
        message: ok ? "vpc-cni enforces NetworkPolicies" : "vpc-cni add-on missing or network policy off",
      };
    }),
};

function trustsPodIdentity(role: TerraformResource): boolean {
  return String(role.attrs.assume_role_policy).includes("pods.eks.amazonaws.com");
}

export const T11: TerraformCheck = {
  id: "T11",
  title: "Pod identity roles: one service account of one cluster each",
  requirements: ["K8S-2"],
  evaluate: (model) =>
    model
      .ofType("aws_iam_role")
      .filter(trustsPodIdentity)
      .map((role): Finding => {
        const trust = String(role.attrs.assume_role_policy);
        const associations = model.referencing("aws_eks_pod_identity_association", "role_arn", role);
        const addonBindings = model
          .ofType("aws_eks_addon")
          .filter((a) => a.stack === role.stack)
          .flatMap((a) => asArray<Attrs>(a.attrs.pod_identity_association))
          .filter((p) => referencesResource(p.role_arn, role));
        const bindings = [
          ...associations.map((a) => `${String(a.attrs.namespace)}/${String(a.attrs.service_account)}`),
          ...addonBindings.map((p) => `add-on/${String(p.service_account)}`),
        ];
        return finding(
          role.address,
          [
            !trust.includes('"aws:SourceArn"') && "trust policy not limited to this cluster (aws:SourceArn)",
            bindings.length !== 1 && `bound to ${bindings.length} service accounts (want exactly 1)`,
            bindings.some((b) => b.includes("*")) && "wildcard service account",
          ],
          `bound to ${bindings[0]}`,
        );
      }),
};

export const P9: TerraformCheck = perResource({
  id: "P9",
  title: "EKS add-on versions pinned",
  requirements: ["K8S-1"],
  types: ["aws_eks_addon"],
  passText: "addon_version pinned",
  failures: (a) => [
    !/^v\d+\.\d+\.\d+-eksbuild\.\d+$/.test(String(a.attrs.addon_version)) &&
      "addon_version not pinned to an eksbuild",
  ],
});
