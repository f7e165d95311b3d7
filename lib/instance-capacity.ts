// Address use of a node under the VPC CNI (secondary-IP mode): every ENI pre-allocates its IPs,
// so a node can hold ENIs x IPv4-per-ENI addresses of its subnet. Source: EC2 "IP addresses per
// network interface per instance type" table. Kept as data; add a type here before using it.
export const ENI_CAPACITY: Readonly<Record<string, { enis: number; ipsPerEni: number }>> = {
  "t3.large": { enis: 3, ipsPerEni: 12 },
  "t3.xlarge": { enis: 4, ipsPerEni: 15 },
  "m5.large": { enis: 3, ipsPerEni: 10 },
  "m5.xlarge": { enis: 4, ipsPerEni: 15 },
  "m5.2xlarge": { enis: 4, ipsPerEni: 15 },
  "m5.4xlarge": { enis: 8, ipsPerEni: 30 },
  "m6i.large": { enis: 3, ipsPerEni: 10 },
  "m6i.xlarge": { enis: 4, ipsPerEni: 15 },
  "m6i.2xlarge": { enis: 4, ipsPerEni: 15 },
  "m6i.4xlarge": { enis: 8, ipsPerEni: 30 },
  "m7i.large": { enis: 3, ipsPerEni: 10 },
  "m7i.xlarge": { enis: 4, ipsPerEni: 15 },
  "m7i.2xlarge": { enis: 4, ipsPerEni: 15 },
  "r5.large": { enis: 3, ipsPerEni: 10 },
  "r5.xlarge": { enis: 4, ipsPerEni: 15 },
  "c5.large": { enis: 3, ipsPerEni: 10 },
  "c5.xlarge": { enis: 4, ipsPerEni: 15 },
};

/** Addresses one node can take from its subnet at most. */
export function addressesPerNode(instanceType: string): number | undefined {
  const capacity = ENI_CAPACITY[instanceType];
  return capacity && capacity.enis * capacity.ipsPerEni;
}

/** Pods one node can run with the VPC CNI (the EKS max-pods formula). */
export function maxPodsPerNode(instanceType: string): number | undefined {
  const capacity = ENI_CAPACITY[instanceType];
  return capacity && capacity.enis * (capacity.ipsPerEni - 1) + 2;
}

/** Memory of the instance types above, in MiB (EC2 instance type specifications). */
export const MEMORY_MIB: Readonly<Record<string, number>> = {
  "t3.large": 8192,
  "t3.xlarge": 16384,
  "m5.large": 8192,
  "m5.xlarge": 16384,
  "m5.2xlarge": 32768,
  "m5.4xlarge": 65536,
  "m6i.large": 8192,
  "m6i.xlarge": 16384,
  "m6i.2xlarge": 32768,
  "m6i.4xlarge": 65536,
  "m7i.large": 8192,
  "m7i.xlarge": 16384,
  "m7i.2xlarge": 32768,
  "r5.large": 16384,
  "r5.xlarge": 32768,
  "c5.large": 4096,
  "c5.xlarge": 8192,
};

/**
 * Cassandra 4.0 heap for a node: half the memory, at most 8 GiB (Cassandra's own
 * cassandra-env.sh rule of thumb); young generation 100 MiB per core at most 1/4 of the heap.
 */
export function cassandraHeap(
  instanceType: string,
  vcpus = 2,
): { maxHeapMb: number; newHeapMb: number } | undefined {
  const memory = MEMORY_MIB[instanceType];
  if (memory === undefined) return undefined;
  const maxHeapMb = Math.min(Math.floor(memory / 2), 8192);
  return { maxHeapMb, newHeapMb: Math.min(100 * vcpus, Math.floor(maxHeapMb / 4)) };
}
