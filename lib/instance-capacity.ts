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
