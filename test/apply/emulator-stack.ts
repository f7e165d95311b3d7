// A synthesized stack as the apply run applies it to the AWS emulator: every AWS provider pointed
// at the emulator (the account check kept: the emulator answers as the env's account), a local
// backend in the stack's folder, each cross-stack reference read from the state the upstream
// stack's apply wrote, and the emulator substitutions (substitutions.ts) applied.
import { remoteStates } from "../../tools/terraform/remote-states";
import { EmulatorContext, Substitution } from "./substitutions";

type Json = Record<string, unknown>;

export interface Touched {
  readonly address: string;
  readonly substitution: string;
  /** "left out" for a resource left out because one it depends on was. */
  readonly change: string;
}

export interface EmulatorStack {
  readonly json: Json;
  readonly touched: readonly Touched[];
}

export async function emulatorStack(
  stack: Json,
  options: {
    /** The state file an upstream stack's apply wrote. */
    readonly stateOf: (stackName: string) => string;
    readonly context: EmulatorContext;
    readonly substitutions: readonly Substitution[];
  },
): Promise<EmulatorStack> {
  const copy = JSON.parse(JSON.stringify(stack)) as Json;
  const terraform = copy.terraform as Json;
  terraform.backend = { local: { path: "terraform.tfstate" } };
  // Every service reaches the emulator through AWS_ENDPOINT_URL, which ApplyRun's Terraform CLI
  // sets: an `endpoints` block here would do the same at ~6 CPU-seconds per provider start
  // (measured; the apply run's Terraform commands went from 405 to 250 CPU-seconds without it).
  for (const provider of ((copy.provider as Json | undefined)?.aws ?? []) as Json[]) {
    Object.assign(provider, {
      s3_use_path_style: true,
      skip_credentials_validation: true,
      skip_metadata_api_check: true,
      skip_region_validation: true,
    });
  }
  for (const { upstream, source } of remoteStates(copy)) {
    source.backend = "local";
    source.config = { path: options.stateOf(upstream) };
    delete source.workspace;
  }

  const touched: Touched[] = [];
  const resources = (copy.resource ?? {}) as Record<string, Record<string, Json>>;
  const leftOut = new Set<string>();
  for (const substitution of options.substitutions) {
    for (const [type, name, body] of substitution.resourceTypes.flatMap((t) =>
      Object.entries(resources[t] ?? {}).map(([n, b]) => [t, n, b] as const),
    )) {
      if (substitution.when && !substitution.when(body)) continue;
      const address = `${type}.${name}`;
      if (substitution.edit) await substitution.edit(body, options.context);
      else leftOut.add(address);
      touched.push({ address, substitution: substitution.id, change: substitution.change });
    }
  }
  // Whatever uses an attribute of a resource left out is left out too, and said so; a depends_on
  // on it only orders the apply, so that entry alone goes.
  const usesAttributeOf = (value: unknown, address: string) =>
    JSON.stringify(value).includes(`\${${address}.`);
  for (let grew = leftOut.size > 0; grew;) {
    grew = false;
    for (const [type, byName] of Object.entries(resources)) {
      for (const [name, body] of Object.entries(byName)) {
        const address = `${type}.${name}`;
        if (leftOut.has(address)) continue;
        const cause = [...leftOut].find((a) => usesAttributeOf({ ...body, depends_on: undefined }, a));
        if (cause) {
          leftOut.add(address);
          touched.push({
            address,
            substitution: touched.find((t) => t.address === cause)!.substitution,
            change: `left out: uses ${cause}`,
          });
          grew = true;
        }
      }
    }
  }
  for (const byName of Object.values(resources)) {
    for (const body of Object.values(byName)) {
      if (Array.isArray(body.depends_on)) {
        body.depends_on = (body.depends_on as string[]).filter((d) => !leftOut.has(d));
      }
    }
  }
  for (const address of leftOut) {
    const [type, name] = address.split(".");
    delete resources[type][name];
    if (!Object.keys(resources[type]).length) delete resources[type];
  }
  const outputs = (copy.output ?? {}) as Record<string, Json>;
  for (const [name, body] of Object.entries(outputs)) {
    if ([...leftOut].some((a) => usesAttributeOf(body, a))) delete outputs[name];
  }
  return { json: copy, touched };
}
