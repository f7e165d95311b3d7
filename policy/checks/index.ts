// Every Terraform check, in catalog order.
import { TerraformCheck } from "../check";
import { R6 } from "./backend";
import { R1, R2 } from "./data-safety";
import { P2, T37 } from "./ecr";
import { T41 } from "./iam";
import { T39 } from "./kms";
import { T32, T33, T34, T35, T36 } from "./s3";

export const TERRAFORM_CHECKS: readonly TerraformCheck[] = [
  T32,
  T33,
  T34,
  T35,
  T36,
  T37,
  T39,
  T41,
  R1,
  R2,
  R6,
  P2,
];
