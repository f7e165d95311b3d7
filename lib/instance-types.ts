// EC2 instance types and RDS DB instance classes that exist, as families and their sizes (EC2
// "Instance type specifications" and RDS "DB instance classes", 2025). A name outside these
// lists is refused by config validation before AWS refuses it at apply time. Kept to the
// families an APIM platform uses: add a family here before using it.
const SIZES = {
  burstable: ["nano", "micro", "small", "medium", "large", "xlarge", "2xlarge"],
  intel5: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "metal"],
  intel6: [
    "large",
    "xlarge",
    "2xlarge",
    "4xlarge",
    "8xlarge",
    "12xlarge",
    "16xlarge",
    "24xlarge",
    "32xlarge",
    "metal",
  ],
  intel7: [
    "large",
    "xlarge",
    "2xlarge",
    "4xlarge",
    "8xlarge",
    "12xlarge",
    "16xlarge",
    "24xlarge",
    "48xlarge",
    "metal-24xl",
    "metal-48xl",
  ],
  graviton: ["medium", "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "metal"],
} as const;

export const EC2_INSTANCE_FAMILIES: Readonly<Record<string, readonly string[]>> = {
  t3: SIZES.burstable,
  t3a: SIZES.burstable,
  t4g: SIZES.burstable,
  m5: SIZES.intel5,
  m5a: SIZES.intel5.filter((s) => s !== "metal"),
  m6i: SIZES.intel6,
  m6a: [...SIZES.intel6, "48xlarge"],
  m6g: SIZES.graviton,
  m7i: SIZES.intel7,
  m7g: SIZES.graviton,
  c5: ["large", "xlarge", "2xlarge", "4xlarge", "9xlarge", "12xlarge", "18xlarge", "24xlarge", "metal"],
  c6i: SIZES.intel6,
  c7i: SIZES.intel7,
  r5: SIZES.intel5,
  r6i: SIZES.intel6,
  r7i: SIZES.intel7,
  i3: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "16xlarge", "metal"],
  i4i: [
    "large",
    "xlarge",
    "2xlarge",
    "4xlarge",
    "8xlarge",
    "12xlarge",
    "16xlarge",
    "24xlarge",
    "32xlarge",
    "metal",
  ],
};

/** RDS classes (db.<family>.<size>) available for MySQL. */
export const RDS_INSTANCE_FAMILIES: Readonly<Record<string, readonly string[]>> = {
  t3: ["micro", "small", "medium", "large", "xlarge", "2xlarge"],
  t4g: ["micro", "small", "medium", "large", "xlarge", "2xlarge"],
  m5: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"],
  m6i: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "32xlarge"],
  m6g: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"],
  m7g: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"],
  r5: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"],
  r6i: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "32xlarge"],
  r6g: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"],
  r7g: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"],
};

function inFamilies(
  families: Readonly<Record<string, readonly string[]>>,
  family: string,
  size: string,
): boolean {
  return Object.prototype.hasOwnProperty.call(families, family) && families[family].includes(size);
}

export function isEc2InstanceType(name: string): boolean {
  const [family, size, ...rest] = name.split(".");
  return !rest.length && !!size && inFamilies(EC2_INSTANCE_FAMILIES, family, size);
}

export function isRdsInstanceClass(name: string): boolean {
  const [db, family, size, ...rest] = name.split(".");
  return db === "db" && !rest.length && !!size && inFamilies(RDS_INSTANCE_FAMILIES, family, size);
}
