// Block and file storage: T15, T38, R4 (the Cassandra ring), R5 (EFS backup).
import { Finding, perResource, TerraformCheck } from "../check";
import {
  asArray,
  Attrs,
  block,
  referencedTypes,
  referencesResource,
  TerraformModel,
  TerraformResource,
} from "../terraform-model";

const cmk = (value: unknown) => referencedTypes(value).includes("aws_kms_key");

export const T15: TerraformCheck = perResource({
  id: "T15",
  title: "EBS data volumes encrypted with a customer-managed key",
  requirements: ["SEC-3", "GEN-3", "STO-1"],
  types: ["aws_ebs_volume"],
  passText: "encrypted gp3 with a project key",
  failures: (v) => [
    v.attrs.encrypted !== true && "not encrypted",
    !cmk(v.attrs.kms_key_id) && "kms_key_id is not a project key",
    !["gp3", "io2"].includes(String(v.attrs.type)) &&
      `volume type ${String(v.attrs.type)} is not SSD gp3/io2 (STO-1)`,
  ],
});

export const T38: TerraformCheck = perResource({
  id: "T38",
  title: "EFS encrypted, access points locked down, a mount target per zone",
  requirements: ["GEN-3", "GEN-7", "HA-1", "SEC-3"],
  types: ["aws_efs_file_system"],
  passText:
    "encrypted with a project key; access points with a root directory and POSIX user; 3 mount targets",
  failures: (fs, model) => {
    const points = model.referencing("aws_efs_access_point", "file_system_id", fs);
    const targets = model.referencing("aws_efs_mount_target", "file_system_id", fs);
    const zones = new Set(
      targets.map(
        (t) => model.resolve(t.stack, t.attrs.subnet_id)?.attrs.availability_zone ?? t.attrs.subnet_id,
      ),
    );
    return [
      fs.attrs.encrypted !== true && "not encrypted",
      !cmk(fs.attrs.kms_key_id) && "kms_key_id is not a project key",
      points.length === 0 && "no access point",
      ...points.map((p) => {
        const root = String(block(p.attrs, "root_directory").path ?? "");
        const user = block(p.attrs, "posix_user");
        return (
          (!root || root === "/" || user.uid === undefined || user.gid === undefined) &&
          `access point ${p.name} is not rooted or has no POSIX user`
        );
      }),
      (targets.length !== 3 || zones.size !== 3) && `${targets.length} mount targets in ${zones.size} zones`,
    ];
  },
});

/** Resources that some backup selection of the stack names by ARN. */
export function backedUp(model: TerraformModel, resource: TerraformResource): boolean {
  return model
    .ofType("aws_backup_selection")
    .filter((s) => s.stack === resource.stack)
    .some((s) => asArray<string>(s.attrs.resources).some((arn) => referencesResource(arn, resource)));
}

/** The instances tagged as Cassandra nodes, of one stack or of all. */
function cassandraNodes(model: TerraformModel, stack?: string): TerraformResource[] {
  return model
    .ofType("aws_instance")
    .filter(
      (i) =>
        (stack === undefined || i.stack === stack) &&
        (i.attrs.tags as Attrs | undefined)?.CassandraNode !== undefined,
    );
}

export const R4: TerraformCheck = {
  id: "R4",
  title:
    "Cassandra: 3 nodes in 3 zones, protected, each with a volume in its zone, snapshotted and backed up",
  requirements: ["APIM-7", "HA-1", "BAK-1", "STO-2"],
  evaluate: (model) => {
    // The stacks with a ring or volumes: a stack holding only other instances is not judged.
    const stacks = [
      ...new Set([...model.ofType("aws_ebs_volume"), ...cassandraNodes(model)].map((r) => r.stack)),
    ];
    return stacks.map((stack): Finding => {
      const nodes = cassandraNodes(model, stack);
      const zoneOf = (node: TerraformResource) =>
        model.resolve(stack, node.attrs.subnet_id)?.attrs.availability_zone;
      const failures: string[] = [];
      const zones = new Set(nodes.map(zoneOf));
      // Three zones at least (one replica per zone at RF 3): a node is in one zone, so three nodes at
      // least too; more nodes may share a zone.
      if (zones.size < 3) failures.push(`${nodes.length} nodes in ${zones.size} zones`);
      nodes
        .filter((n) => n.attrs.disable_api_termination !== true)
        .forEach((n) => failures.push(`${n.name}: no termination protection`));
      // The ring's data lives on the volumes: a node without one keeps it on its root disk.
      const attachedTo = model
        .ofType("aws_volume_attachment")
        .filter((a) => a.stack === stack)
        .map((a) => a.attrs.instance_id);
      nodes
        .filter((n) => !attachedTo.some((id) => referencesResource(id, n)))
        .forEach((n) => failures.push(`${n.name}: no data volume attached`));
      for (const volume of model.ofType("aws_ebs_volume").filter((v) => v.stack === stack)) {
        const attachment = model.referencing("aws_volume_attachment", "volume_id", volume)[0];
        const node = nodes.find((n) => attachment && referencesResource(attachment.attrs.instance_id, n));
        if (volume.attrs.final_snapshot !== true) failures.push(`${volume.name}: no final snapshot`);
        if (!node) failures.push(`${volume.name}: not attached to a Cassandra node`);
        else if (zoneOf(node) !== volume.attrs.availability_zone)
          failures.push(`${volume.name}: zone differs from its node's`);
        if (!backedUp(model, volume)) failures.push(`${volume.name}: in no backup selection`);
      }
      return failures.length
        ? { subject: `${stack}/cassandra-ring`, ok: false, message: failures.join("; ") }
        : {
            subject: `${stack}/cassandra-ring`,
            ok: true,
            message: `${nodes.length} nodes in ${zones.size} zones, volumes protected and backed up`,
          };
    });
  },
};

export const R5: TerraformCheck = perResource({
  id: "R5",
  title: "EFS backed up",
  requirements: ["BAK-1"],
  types: ["aws_efs_file_system"],
  passText: "in the project's backup plan",
  failures: (fs, model) => {
    const policy = model.referencing("aws_efs_backup_policy", "file_system_id", fs)[0];
    const enabled = block(policy?.attrs ?? {}, "backup_policy").status === "ENABLED";
    return [!backedUp(model, fs) && !enabled && "in no backup selection and no EFS backup policy"];
  },
});
