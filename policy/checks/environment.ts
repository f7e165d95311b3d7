// GEN-5: a dedicated environment has its own cluster, registry, Cassandra ring, database, shared
// volume, monitoring nodes and bastion.
import { Finding, TerraformCheck } from "../check";
import { tierOf } from "../network-model";
import { Attrs, envOfStack, referencesResource, TerraformModel } from "../terraform-model";

export const P20: TerraformCheck = {
  id: "P20",
  title:
    "A dedicated environment: cluster, registry, Cassandra, database, shared volume, monitoring nodes, bastion",
  requirements: ["GEN-5", "SIZ-1"],
  evaluate: (model: TerraformModel) => {
    const envs = [...new Set(model.stacks.map((s) => envOfStack(s.name)))];
    return envs.map((env): Finding => {
      const mine = model.filter((stack) => envOfStack(stack) === env);
      const count = (type: string, where: (attrs: Attrs) => boolean = () => true) =>
        mine.ofType(type).filter((r) => where(r.attrs)).length;
      const bastions = mine.ofType("aws_instance").filter((i) => {
        const subnet = mine.ofType("aws_subnet").find((s) => referencesResource(i.attrs.subnet_id, s));
        return tierOf(subnet) === "bastion";
      }).length;
      const parts: [string, number, number][] = [
        ["EKS cluster", count("aws_eks_cluster"), 1],
        ["ECR repositories", count("aws_ecr_repository"), 2],
        [
          "Cassandra nodes",
          count("aws_instance", (a) => (a.tags as Attrs | undefined)?.CassandraNode !== undefined),
          3,
        ],
        ["RDS instance", count("aws_db_instance"), 1],
        ["shared file system", count("aws_efs_file_system"), 1],
        ["monitoring node group", count("aws_eks_node_group", (a) => a.node_group_name === "monitoring"), 1],
        ["bastion", bastions, 1],
      ];
      const missing = parts
        .filter(([, n, min]) => n < min)
        .map(([what, n, min]) => `${what}: ${n} (want ${min})`);
      return missing.length
        ? { subject: `${env}/environment`, ok: false, message: missing.join("; ") }
        : {
            subject: `${env}/environment`,
            ok: true,
            message: parts.map(([what, n]) => `${n} ${what}`).join(", "),
          };
    });
  },
};
