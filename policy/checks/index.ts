// Every Terraform check, in catalog order.
import { TerraformCheck } from "../check";
import { R6 } from "./backend";
import { R1, R2 } from "./data-safety";
import { P2, T37 } from "./ecr";
import { T41 } from "./iam";
import { P4 } from "./bastion";
import { P9, T10, T11 } from "./cluster-identity";
import { P13 } from "./edge";
import { P20 } from "./environment";
import { T1, T12, T2, T3, T4, T5, T6 } from "./eks";
import { P10, P11, P12, T7, T8, T9 } from "./nodes";
import { P14 } from "./platform";
import { R3, T23, T24, T25, T26 } from "./databases";
import { P6, P7, P8 } from "./reference-sizing";
import { R7, T40, T43 } from "./secrets-backup";
import { R4, R5, T15, T38 } from "./storage";
import { T13, T14, T16, T22 } from "./instances";
import { T39 } from "./kms";
import { P3, P31, P5, T18, T19, T20 } from "./security-groups";
import { R8, T17, T21 } from "./vpc";
import { T32, T33, T34, T35, T36 } from "./s3";

// prettier-ignore
export const TERRAFORM_CHECKS: readonly TerraformCheck[] = [
  T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12,
  T13, T14, T15, T16, T17, T18, T19, T20, T21, T22,
  T23, T24, T25, T26,
  T32, T33, T34, T35, T36, T37, T38, T39, T40, T41, T43,
  R1, R2, R3, R4, R5, R6, R7, R8,
  P2, P3, P4, P5, P6, P7, P8, P9, P10, P11, P12, P13, P14, P20, P31,
];
