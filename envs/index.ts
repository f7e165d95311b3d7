// The environments this repository deploys. Add an env: copy one of these files, then list it here.
import { dev } from "./dev";
import { prod } from "./prod";
import { test } from "./test";
import { EnvironmentInput } from "./schema";

export const ENVIRONMENTS: readonly EnvironmentInput[] = [dev, test, prod];
