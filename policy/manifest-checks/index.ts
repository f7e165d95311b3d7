// Every manifest check, in catalog order.
import { Check } from "../check";
import { ManifestModel } from "../manifest-model";
import { K32 } from "./flux";
import { K11, K29 } from "./namespaces";
import { K25 } from "./network-policies";
import { K31 } from "./storage";

export const MANIFEST_CHECKS: readonly Check<ManifestModel>[] = [K11, K25, K29, K31, K32];
