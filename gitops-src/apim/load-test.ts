// PERF-1: the reference architecture's performance test, as a suspended CronJob that never runs
// on its own: start it with `kubectl -n apim create job load-test-1 --from=cronjob/load-test`. k6 drives
// 20 virtual users for 300 s per scenario through the public load balancer, and exits non-zero
// when a scenario stays under the seed's minimal throughput (thresholds kept as data).
import { LOAD_TEST, THROUGHPUT_THRESHOLDS } from "../../lib/performance-thresholds";
import { LOAD_TEST_IMAGE_REPOSITORY } from "../../lib/naming";
import { externalSecret } from "../infrastructure";
import { Manifest } from "../yaml";
import { labels } from "./names";
import { networkPolicy, PEERS } from "./network";
import { CONTAINER_SECURITY, LOAD_TEST_POD_SECURITY, secretEnv } from "./pod";

export const LOAD_TEST_NAME = "load-test";
const PAUSE_BETWEEN_SCENARIOS_S = 30;

/** The k6 script. Plain string concatenation: Flux would read "${" as one of its variables. */
export function loadTestScript(): string {
  const scenarios = THROUGHPUT_THRESHOLDS.map((t, i) => [
    t.id,
    {
      executor: "constant-vus",
      vus: LOAD_TEST.virtualUsers,
      duration: `${LOAD_TEST.durationSeconds}s`,
      startTime: `${i * (LOAD_TEST.durationSeconds + PAUSE_BETWEEN_SCENARIOS_S)}s`,
      exec: t.configuration.replace("-", "_"),
      env: { SCENARIO: t.id, SIZE_KB: String(t.messageSizeKb ?? 1) },
    },
  ]);
  const thresholds = Object.fromEntries(
    THROUGHPUT_THRESHOLDS.flatMap((t) => [
      [`http_reqs{scenario:${t.id}}`, [`rate>${t.minTps}`]],
      [`http_req_failed{scenario:${t.id}}`, ["rate<0.01"]],
    ]),
  );
  return [
    "// Generated from lib/performance-thresholds.ts (PERF-1). The FED provides /perf/<scenario>.",
    'import http from "k6/http";',
    "const target = __ENV.TARGET;",
    `export const options = ${JSON.stringify({ scenarios: Object.fromEntries(scenarios), thresholds }, null, 2)};`,
    'const body = (kb) => "x".repeat(kb * 1024);',
    'const url = () => target + "/perf/" + __ENV.SCENARIO;',
    "export function passthrough() { http.post(url(), body(Number(__ENV.SIZE_KB))); }",
    "export function api_key() { http.post(url(), body(Number(__ENV.SIZE_KB)), { headers: { KeyId: __ENV.API_KEY } }); }",
    "export function setup() {",
    '  const token = http.post(target + "/api/oauth/token", { grant_type: "client_credentials", client_id: __ENV.OAUTH_CLIENT_ID, client_secret: __ENV.OAUTH_CLIENT_SECRET });',
    "  return { token: token.json('access_token') };",
    "}",
    'export function oauth(data) { http.get(url(), { headers: { Authorization: "Bearer " + data.token } }); }',
    "",
  ].join("\n");
}

export function loadTestObjects(targetHost: string): Manifest[] {
  const podLabels = labels(LOAD_TEST_NAME);
  const image = LOAD_TEST_IMAGE_REPOSITORY;
  const totalSeconds = THROUGHPUT_THRESHOLDS.length * (LOAD_TEST.durationSeconds + PAUSE_BETWEEN_SCENARIOS_S);
  return [
    {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: LOAD_TEST_NAME },
      automountServiceAccountToken: false,
    },
    externalSecret(LOAD_TEST_NAME, "load-test"),
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: LOAD_TEST_NAME },
      data: { "load-test.js": loadTestScript() },
    },
    {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: { name: LOAD_TEST_NAME, labels: podLabels },
      spec: {
        // Suspended: a Job that Flux waited on would never become ready.
        suspend: true,
        schedule: "0 3 1 1 *",
        concurrencyPolicy: "Forbid",
        startingDeadlineSeconds: 600,
        jobTemplate: {
          spec: {
            backoffLimit: 0,
            activeDeadlineSeconds: totalSeconds + 600,
            ttlSecondsAfterFinished: 604800,
            template: {
              metadata: { labels: podLabels },
              spec: {
                serviceAccountName: LOAD_TEST_NAME,
                automountServiceAccountToken: false,
                restartPolicy: "Never",
                securityContext: LOAD_TEST_POD_SECURITY,
                containers: [
                  {
                    name: "k6",
                    image,
                    args: ["run", "--no-usage-report", "/scripts/load-test.js"],
                    env: [
                      { name: "TARGET", value: `https://${targetHost}` },
                      secretEnv("API_KEY", LOAD_TEST_NAME, "apiKey"),
                      secretEnv("OAUTH_CLIENT_ID", LOAD_TEST_NAME, "oauthClientId"),
                      secretEnv("OAUTH_CLIENT_SECRET", LOAD_TEST_NAME, "oauthClientSecret"),
                    ],
                    securityContext: { ...CONTAINER_SECURITY, readOnlyRootFilesystem: true },
                    resources: {
                      requests: { cpu: "1", memory: "1Gi", "ephemeral-storage": "64Mi" },
                      limits: { cpu: "2", memory: "2Gi", "ephemeral-storage": "256Mi" },
                    },
                    volumeMounts: [{ name: "scripts", mountPath: "/scripts", readOnly: true }],
                  },
                ],
                volumes: [{ name: "scripts", configMap: { name: LOAD_TEST_NAME } }],
              },
            },
          },
        },
      },
    },
    networkPolicy(LOAD_TEST_NAME, podLabels, [], [{ peers: PEERS.outside, ports: [443] }]),
  ];
}
