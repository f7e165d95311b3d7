// K31: storage classes and claims that keep data: explicit classes, Retain, encrypted gp3 with
// WaitForFirstConsumer, EFS access points, and claims that Flux never prunes.
import { Check, Finding, finding } from "../check";
import { ManifestModel } from "../manifest-model";

const EBS_PROVISIONERS = ["ebs.csi.aws.com", "kubernetes.io/aws-ebs"];

export const K31: Check<ManifestModel> = {
  id: "K31",
  title: "Storage classes and claims are data-safe",
  requirements: ["GEN-7", "BAK-1", "GEN-3"],
  evaluate: (model) => [
    ...model.ofKind("StorageClass").map((sc): Finding => {
      const params = (sc.parameters ?? {}) as Record<string, string>;
      // EKS still ships its gp2 class on the in-tree name, which CSI migration hands to the driver.
      const ebs = EBS_PROVISIONERS.includes(String(sc.provisioner));
      return finding(
        model.subject(sc),
        [
          sc.reclaimPolicy !== "Retain" && "reclaimPolicy is not Retain",
          sc.provisioner === "efs.csi.aws.com" &&
            params.provisioningMode !== "efs-ap" &&
            "EFS class not in access-point mode",
          ebs && params.encrypted !== "true" && "EBS class not encrypted",
          ebs && params.type !== "gp3" && "EBS class is not gp3",
          ebs && sc.volumeBindingMode !== "WaitForFirstConsumer" && "EBS class binds before scheduling",
        ],
        "retains its data",
      );
    }),
    ...model.ofKind("PersistentVolumeClaim").map((pvc): Finding => {
      const spec = (pvc.spec ?? {}) as Record<string, unknown>;
      return finding(
        model.subject(pvc),
        [
          !spec.storageClassName && "no explicit storageClassName",
          pvc.metadata.annotations?.["kustomize.toolkit.fluxcd.io/prune"] !== "disabled" &&
            "Flux would delete it when removed from Git",
        ],
        "explicit class, never pruned",
      );
    }),
  ],
};
