// Every manifest check, in catalog order.
import { Check } from "../check";
import { ManifestModel } from "../manifest-model";
import { K34, P15, P16, P17, P18, P21 } from "./apim";
import { K19, K20, K21, K22, K23, K24 } from "./availability";
import { K12, K13, K14, K15, K16, K17, K18 } from "./containers";
import { K32 } from "./flux";
import { P19, P22, P23, P24 } from "./groups";
import { T27, T28, T29, T30, T31 } from "./load-balancers";
import { K11, K29 } from "./namespaces";
import { K25 } from "./network-policies";
import { K1, K10, K2, K3, K4, K5, K6, K7, K8, K9 } from "./pod-security";
import { K31 } from "./storage";
import { K26, K27, K28, K30 } from "./wiring";

// prettier-ignore
export const MANIFEST_CHECKS: readonly Check<ManifestModel>[] = [
  K1, K2, K3, K4, K5, K6, K7, K8, K9, K10, K11,
  K12, K13, K14, K15, K16, K17, K18,
  K19, K20, K21, K22, K23, K24,
  K25, K26, K27, K28, K29, K30, K31, K32, K34,
  T27, T28, T29, T30, T31,
  P15, P16, P17, P18, P19, P21, P22, P23, P24,
];
