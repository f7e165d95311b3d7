// Every stack of one env, in deploy order.
import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { EnvironmentConfig } from "../envs/schema";
import { BootstrapStack } from "./bootstrap-stack";
import { ClusterStack } from "./cluster-stack";
import { DataStack } from "./data-stack";
import { NetworkStack } from "./network-stack";
import { PlatformStack } from "./platform-stack";
import { RegistryStack } from "./registry-stack";

export function addEnvironmentStacks(scope: Construct, env: EnvironmentConfig): TerraformStack[] {
  const bootstrap = new BootstrapStack(scope, env);
  const registry = new RegistryStack(scope, env);
  registry.addDependency(bootstrap);
  const network = new NetworkStack(scope, env);
  network.addDependency(bootstrap);
  const data = new DataStack(scope, env, { network: network.outputs });
  const cluster = new ClusterStack(scope, env, { network: network.outputs });
  const platform = new PlatformStack(scope, env, {
    network: network.outputs,
    data: data.outputs,
    cluster: cluster.outputs,
  });
  return [bootstrap, registry, network, data, cluster, platform];
}
