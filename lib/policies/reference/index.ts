// The upstream reference policy of each controller we give a pod identity (data, with provenance).
import { ControllerName } from "../../controllers";
import { CLUSTER_AUTOSCALER_REFERENCE } from "./cluster-autoscaler";
import { EFS_CSI_DRIVER_REFERENCE } from "./efs-csi-driver";
import { EXTERNAL_DNS_REFERENCE } from "./external-dns";
import { EXTERNAL_SECRETS_REFERENCE } from "./external-secrets";
import { FLUENT_BIT_REFERENCE } from "./fluent-bit";
import { LOAD_BALANCER_CONTROLLER_REFERENCE } from "./load-balancer-controller";
import { ReferencePolicy } from "./types";

export const REFERENCE_POLICIES: Partial<Record<ControllerName, ReferencePolicy>> = {
  "aws-load-balancer-controller": LOAD_BALANCER_CONTROLLER_REFERENCE,
  "external-dns": EXTERNAL_DNS_REFERENCE,
  "external-secrets": EXTERNAL_SECRETS_REFERENCE,
  "cluster-autoscaler": CLUSTER_AUTOSCALER_REFERENCE,
  "efs-csi-controller": EFS_CSI_DRIVER_REFERENCE,
  "fluent-bit": FLUENT_BIT_REFERENCE,
};
