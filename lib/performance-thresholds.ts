// The reference architecture's performance test (PERF-1), as data: 20 threads for 300 s per
// scenario; each scenario passes when the gateway sustains more than its minimal throughput.
export const LOAD_TEST = { virtualUsers: 20, durationSeconds: 300 } as const;

export interface ThroughputThreshold {
  readonly id: string;
  readonly configuration: "passthrough" | "api-key" | "oauth";
  readonly messageSizeKb?: number;
  /** Minimal transactions per second (the seed's "Minimal Threshold"). */
  readonly minTps: number;
}

export const THROUGHPUT_THRESHOLDS: readonly ThroughputThreshold[] = [
  { id: "api-key-a", configuration: "api-key", minTps: 750 },
  { id: "api-key-b", configuration: "api-key", minTps: 800 },
  { id: "oauth-a", configuration: "oauth", minTps: 670 },
  { id: "oauth-b", configuration: "oauth", minTps: 745 },
  { id: "passthrough-100kb", configuration: "passthrough", messageSizeKb: 100, minTps: 100 },
  { id: "passthrough-10kb", configuration: "passthrough", messageSizeKb: 10, minTps: 1200 },
  { id: "passthrough-1kb", configuration: "passthrough", messageSizeKb: 1, minTps: 1270 },
  { id: "api-key-50kb", configuration: "api-key", messageSizeKb: 50, minTps: 300 },
];
