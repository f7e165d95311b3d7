// Managed node groups: T7, T8, T9, and the project's P10 (autoscaler node templates), P11 (ECR
// pulls with the node role, SEC-4) and P12 (reference instance sizes, SIZ-2).
import { Finding, perResource, TerraformCheck } from "../check";
import { MEMORY_MIB } from "../../lib/instance-capacity";
import { tierOf } from "../network-model";
import {
  asArray,
  Attrs,
  block,
  referencesResource,
  TerraformModel,
  TerraformResource,
} from "../terraform-model";

const GROUPS = ["aws_eks_node_group"];

function templateOf(model: TerraformModel, group: TerraformResource): TerraformResource | undefined {
  const ref = block(group.attrs, "launch_template").id;
  return model
    .ofType("aws_launch_template")
    .find((t) => t.stack === group.stack && referencesResource(ref, t));
}

export const T7: TerraformCheck = perResource({
  id: "T7",
  title: "No SSH into managed nodes",
  requirements: ["SECU-1"],
  types: GROUPS,
  passText: "no remote_access",
  failures: (g) => [asArray(g.attrs.remote_access).length > 0 && "remote_access (SSH) is configured"],
});

/** The groups of the same role (labels) in the same stack: the per-zone groups of one pool. */
function poolOf(model: TerraformModel, group: TerraformResource): TerraformResource[] {
  const labels = JSON.stringify(group.attrs.labels ?? {});
  return model
    .ofType("aws_eks_node_group")
    .filter((g) => g.stack === group.stack && JSON.stringify(g.attrs.labels ?? {}) === labels);
}

export const T8: TerraformCheck = perResource({
  id: "T8",
  title: "Nodes in the private worker subnets of all three zones",
  requirements: ["HA-1", "NET-1"],
  types: GROUPS,
  passText: "worker tier, three zones (the group or its per-zone siblings of the same role), no public IPs",
  failures: (g, model) => {
    const subnets = asArray<string>(g.attrs.subnet_ids).map((s) => model.resolve(g.stack, s));
    // A pool of one group per zone (same labels) covers the zones together.
    const zones = new Set(
      poolOf(model, g).flatMap((p) =>
        asArray<string>(p.attrs.subnet_ids).map((s) => model.resolve(p.stack, s)?.attrs.availability_zone),
      ),
    );
    return [
      !subnets.every((s) => tierOf(s) === "workers") && "not all subnets are worker-tier subnets",
      subnets.some((s) => s?.attrs.map_public_ip_on_launch === true) && "a subnet assigns public IPs",
      zones.size !== 3 && `spans ${zones.size} zones, not 3`,
    ];
  },
});

export const T9: TerraformCheck = perResource({
  id: "T9",
  title: "Node launch template: IMDSv2 with hop limit 1, encrypted volumes",
  requirements: ["SEC-3"],
  types: GROUPS,
  passText: "IMDSv2, hop limit 1, encrypted root volume",
  failures: (g, model) => {
    const template = templateOf(model, g);
    if (!template) return ["no launch template"];
    const metadata = block(template.attrs, "metadata_options");
    const volumes = asArray<Attrs>(template.attrs.block_device_mappings).map((m) => block(m, "ebs"));
    return [
      metadata.http_tokens !== "required" && "IMDSv1 allowed",
      Number(metadata.http_put_response_hop_limit) !== 1 &&
        "hop limit is not 1 (pods could reach the node's credentials)",
      (volumes.length === 0 || volumes.some((v) => String(v.encrypted) !== "true")) &&
        "a volume is not encrypted",
    ];
  },
});

export const P10: TerraformCheck = perResource({
  id: "P10",
  title: "Cluster Autoscaler can scale each group from zero (node-template tags for labels and taints)",
  requirements: ["K8S-8"],
  types: GROUPS,
  passText: "every label and taint is a node-template tag of the group's Auto Scaling group",
  failures: (g, model) => {
    const tags = model
      .ofType("aws_autoscaling_group_tag")
      .filter(
        (t) =>
          t.stack === g.stack &&
          String(t.attrs.autoscaling_group_name).includes(`aws_eks_node_group.${g.name}.`),
      )
      .map((t) => String(block(t.attrs, "tag").key));
    const labels = Object.keys((g.attrs.labels ?? {}) as Attrs).map(
      (k) => `k8s.io/cluster-autoscaler/node-template/label/${k}`,
    );
    const taints = asArray<Attrs>(g.attrs.taint).map(
      (t) => `k8s.io/cluster-autoscaler/node-template/taint/${String(t.key)}`,
    );
    const missing = [...labels, ...taints].filter((k) => !tags.includes(k));
    return [
      missing.length > 0 && `missing node-template tags: ${missing.join(", ")}`,
      !(
        Number(block(g.attrs, "scaling_config").max_size) > Number(block(g.attrs, "scaling_config").min_size)
      ) && "no room to scale (max <= min)",
    ];
  },
});

export const P11: TerraformCheck = {
  id: "P11",
  title: "Nodes pull images from ECR with their role; no registry password anywhere",
  requirements: ["SEC-4", "SEC-1"],
  evaluate: (model) => [
    ...model.ofType("aws_eks_node_group").map((g): Finding => {
      const role = model
        .ofType("aws_iam_role")
        .find((r) => r.stack === g.stack && referencesResource(g.attrs.node_role_arn, r));
      const ecr = model.ofType("aws_iam_role_policy_attachment").some(
        (a) =>
          role &&
          a.stack === role.stack &&
          referencesResource(a.attrs.role, role) &&
          // AWS's ReadOnly, or PullOnly, the narrower policy AWS now recommends for node roles (a
          // customer policy of the same name grants whatever its author wrote).
          /^arn:aws[a-z-]*:iam::aws:policy\/AmazonEC2ContainerRegistry(ReadOnly|PullOnly)$/.test(
            String(a.attrs.policy_arn),
          ),
      );
      return {
        subject: g.address,
        ok: ecr,
        message: ecr ? "node role reads ECR" : "node role cannot pull from ECR",
      };
    }),
    ...model
      .ofType("aws_secretsmanager_secret")
      .filter((s) => /registry|docker|dockerconfig/i.test(String(s.attrs.name)))
      .map((s) => ({
        subject: s.address,
        ok: false,
        message: "a registry credential is stored: use the node role",
      })),
  ],
};

const MIN_MEMORY_MIB = 8192;

export const P12: TerraformCheck = {
  id: "P12",
  title: "Workers, monitoring and Cassandra nodes at 2 vCPU / 8 GB or more; RDS at db.t3.large or more",
  requirements: ["SIZ-2", "SIZ-1"],
  evaluate: (model) => [
    ...model.ofType("aws_eks_node_group").flatMap((g) =>
      asArray<string>(g.attrs.instance_types).map((type): Finding => {
        const ok = (MEMORY_MIB[type] ?? 0) >= MIN_MEMORY_MIB;
        return {
          subject: `${g.address}[${type}]`,
          ok,
          message: ok ? `${type}: ${MEMORY_MIB[type]} MiB` : `${type} is below 8 GB`,
        };
      }),
    ),
    ...model
      .ofType("aws_instance")
      .filter((i) => (i.attrs.tags as Attrs | undefined)?.CassandraNode !== undefined)
      .map((i): Finding => {
        const ok = (MEMORY_MIB[String(i.attrs.instance_type)] ?? 0) >= MIN_MEMORY_MIB;
        return {
          subject: i.address,
          ok,
          message: ok ? String(i.attrs.instance_type) : `${String(i.attrs.instance_type)} is below 8 GB`,
        };
      }),
    ...model.ofType("aws_db_instance").map((db): Finding => {
      // db.<family>.<size>, some classes with a variant after it (db.r5.large.tpc2.mem2x).
      const size = String(db.attrs.instance_class).split(".")[2];
      const ok = !["micro", "small", "medium"].includes(size);
      return {
        subject: db.address,
        ok,
        message: ok
          ? String(db.attrs.instance_class)
          : `${String(db.attrs.instance_class)} is below db.t3.large`,
      };
    }),
  ],
};
