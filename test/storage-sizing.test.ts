// STO-4: the seed's own example (1 GB x 12 replicas + 1 GB = 13 GB) and the per-env sums.
import { prod } from "../envs/prod";
import { validateEnvironments } from "../envs/validate";
import { eventsVolumeSizing } from "../lib/storage-sizing";
import { cassandraHeap } from "../lib/instance-capacity";

test("one group of 3..12 gateways with 1 GB of event log each needs 13 GB", () => {
  const env = structuredClone(prod);
  env.apim.gatewayGroups = [env.apim.gatewayGroups[0]];
  expect(eventsVolumeSizing(validateEnvironments([env])[0]).totalGb).toBe(13);
});

test("every group's replicas count: prod's 12 + 6 gateways need 19 GB", () => {
  expect(eventsVolumeSizing(validateEnvironments([prod])[0])).toEqual({
    perGatewayGb: 1,
    maxReplicas: 18,
    totalGb: 19,
  });
});

test("Cassandra heap: half the memory up to 8 GiB", () => {
  expect(cassandraHeap("m5.large")?.maxHeapMb).toBe(4096);
  expect(cassandraHeap("m5.4xlarge")?.maxHeapMb).toBe(8192);
  expect(cassandraHeap("x9.unknown")).toBeUndefined();
});
