// AWS commercial regions and the zone letters that exist in them, as data (the AWS Regions and
// Availability Zones documentation, 2025). Zone names map to physical zones per account, and in a
// few regions an account sees fewer zones than the letters listed: `zonesPerAccount` says so.
// Add a region here before using it in an env.
export interface RegionZones {
  readonly letters: string;
  /** Zones one account can use, where fewer than the letters. */
  readonly zonesPerAccount?: number;
}

export const AWS_REGIONS: Readonly<Record<string, RegionZones>> = {
  "us-east-1": { letters: "abcdef" },
  "us-east-2": { letters: "abc" },
  "us-west-1": { letters: "abc", zonesPerAccount: 2 },
  "us-west-2": { letters: "abcd" },
  "af-south-1": { letters: "abc" },
  "ap-east-1": { letters: "abc" },
  "ap-south-1": { letters: "abc" },
  "ap-south-2": { letters: "abc" },
  "ap-northeast-1": { letters: "abcd", zonesPerAccount: 3 },
  "ap-northeast-2": { letters: "abcd" },
  "ap-northeast-3": { letters: "abc" },
  "ap-southeast-1": { letters: "abc" },
  "ap-southeast-2": { letters: "abc" },
  "ap-southeast-3": { letters: "abc" },
  "ap-southeast-4": { letters: "abc" },
  "ap-southeast-5": { letters: "abc" },
  "ap-southeast-7": { letters: "abc" },
  "ca-central-1": { letters: "abd" },
  "ca-west-1": { letters: "abc" },
  "eu-central-1": { letters: "abc" },
  "eu-central-2": { letters: "abc" },
  "eu-west-1": { letters: "abc" },
  "eu-west-2": { letters: "abc" },
  "eu-west-3": { letters: "abc" },
  "eu-south-1": { letters: "abc" },
  "eu-south-2": { letters: "abc" },
  "eu-north-1": { letters: "abc" },
  "il-central-1": { letters: "abc" },
  "me-central-1": { letters: "abc" },
  "me-south-1": { letters: "abc" },
  "mx-central-1": { letters: "abc" },
  "sa-east-1": { letters: "abc" },
};
