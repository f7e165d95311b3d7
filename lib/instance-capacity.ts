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

/** vCPUs of the instance types above (EC2 instance type specifications). */
export const VCPUS: Readonly<Record<string, number>> = {
  "t3.large": 2,
  "t3.xlarge": 4,
  "m5.large": 2,
  "m5.xlarge": 4,
  "m5.2xlarge": 8,
  "m5.4xlarge": 16,
  "m6i.large": 2,
  "m6i.xlarge": 4,
  "m6i.2xlarge": 8,
  "m6i.4xlarge": 16,
  "m7i.large": 2,
  "m7i.xlarge": 4,
  "m7i.2xlarge": 8,
  "r5.large": 2,
  "r5.xlarge": 4,
  "c5.large": 2,
  "c5.xlarge": 4,
};

/**
 * Share of an instance's nominal memory the kernel and firmware keep before the kubelet sees it
 * (Karpenter's default vmMemoryOverheadPercent, 0.075): the kubelet's capacity is below MEMORY_MIB.
 */
export const VM_MEMORY_OVERHEAD = 0.075;
/** The kubelet's hard eviction threshold on the EKS AMIs: memory.available < 100Mi. */
export const EVICTION_HARD_MEMORY_MIB = 100;

/**
 * kube-reserved CPU of the EKS AMIs (AL2023 nodeadm, the bootstrap.sh formula before it), in
 * millicores: 6 % of the first core, 1 % of the second, 0.5 % of the third and fourth, 0.25 % of
 * every further core.
 */
export function kubeReservedCpuMilli(vcpus: number): number {
  const bands: [number, number][] = [
    [1, 60],
    [1, 10],
    [2, 5],
    [Infinity, 2.5],
  ];
  let left = vcpus;
  let reserved = 0;
  for (const [cores, perCore] of bands) {
    const n = Math.min(left, cores);
    reserved += n * perCore;
    left -= n;
  }
  return Math.ceil(reserved);
}

/** kube-reserved memory of the EKS AMIs in MiB: 11 MiB per pod the node may run, plus 255 MiB. */
export function kubeReservedMemoryMib(maxPods: number): number {
  return 11 * maxPods + 255;
}

/**
 * Pods per node as EKS sets it (max-pods-calculator.sh): the ENI formula, at most 110 below 30
 * vCPUs and 250 from 30 vCPUs.
 */
export function eksMaxPods(instanceType: string): number | undefined {
  const eni = maxPodsPerNode(instanceType);
  const vcpus = VCPUS[instanceType];
  if (eni === undefined || vcpus === undefined) return undefined;
  return Math.min(eni, vcpus < 30 ? 110 : 250);
}

export interface NodeAllocatable {
  readonly instanceType: string;
  readonly vcpus: number;
  readonly memoryMib: number;
  readonly maxPods: number;
  readonly cpuMilli: number;
  /** What the scheduler may place on the node: capacity - kube-reserved - eviction threshold. */
  readonly allocatableMemoryMib: number;
}

/** A node's allocatable resources under EKS's reserved CPU and memory formula. */
export function nodeAllocatable(instanceType: string): NodeAllocatable | undefined {
  const vcpus = VCPUS[instanceType];
  const memory = MEMORY_MIB[instanceType];
  const maxPods = eksMaxPods(instanceType);
  if (vcpus === undefined || memory === undefined || maxPods === undefined) return undefined;
  const capacityMib = Math.floor(memory * (1 - VM_MEMORY_OVERHEAD));
  return {
    instanceType,
    vcpus,
    memoryMib: memory,
    maxPods,
    cpuMilli: vcpus * 1000 - kubeReservedCpuMilli(vcpus),
    allocatableMemoryMib: capacityMib - kubeReservedMemoryMib(maxPods) - EVICTION_HARD_MEMORY_MIB,
  };
}

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
