// Every HelmRelease Flux applies to an example env's cluster and every helm_release of the
// platform stacks, checked against the chart version it pins, as kept under
// test/fixtures/charts/<chart>/<version>/ (from the upstream repository at the chart's tag; see
// PROVENANCE.md there): (1) the values Helm validates pass the chart's values.schema.json, (2) no
// key we set is missing from the chart's values.yaml (Helm would ignore it without a word), (3) the
// image tags we set are of the chart's app line. Then the defects these checks were written for:
// the Cluster Autoscaler's ClusterRole against what its release watches, Fluent Bit's Pod Identity
// support and the writable directory its S3 output needs.
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { CLUSTER_AUTOSCALER_IMAGE_TAGS } from "../lib/controllers/cluster-autoscaler";
import { exampleEnvs, clusterObjects, synthOutdir } from "./support/synth-output";
import {
  Chart,
  CHART_FIXTURES,
  coalesce,
  FREE_FORM_VALUES,
  imageLineMismatches,
  loadChart,
  minorLine,
  rulesGrant,
  schemaErrors,
  unknownKeys,
} from "./support/chart-values";

type Values = Record<string, unknown>;

interface ReleaseUnderTest {
  /** env/namespace/name (HelmRelease) or env-platform/helm_release.<name>. */
  readonly where: string;
  readonly chart: string;
  readonly version: string;
  readonly values: Values;
}

function helmReleases(): ReleaseUnderTest[] {
  return exampleEnvs().flatMap((env) => {
    const flux = clusterObjects(env.name)
      .filter((o) => o.kind === "HelmRelease")
      .map((o): ReleaseUnderTest => {
        const spec = (o as unknown as { spec: { chart: { spec: Values }; values?: Values } }).spec;
        return {
          where: `${env.name}/${o.metadata.namespace}/${o.metadata.name}`,
          chart: String(spec.chart.spec.chart),
          version: String(spec.chart.spec.version),
          values: spec.values ?? {},
        };
      });
    const stack = `${env.name}-platform`;
    const json = JSON.parse(
      fs.readFileSync(path.join(synthOutdir(), "stacks", stack, "cdk.tf.json"), "utf8"),
    ) as { resource: { helm_release: Record<string, Values> } };
    const terraform = Object.entries(json.resource.helm_release).map(([name, r]): ReleaseUnderTest => ({
      where: `${stack}/helm_release.${name}`,
      chart: String(r.chart),
      version: String(r.version),
      values: ((r.values ?? []) as string[]).reduce<Values>(
        (all, text) => coalesce(all, parse(text) ?? {}) as Values,
        {},
      ),
    }));
    return [...flux, ...terraform];
  });
}

const releases = helmReleases();
const chartOf = (r: ReleaseUnderTest): Chart => {
  const chart = loadChart(r.chart, r.version);
  if (!chart)
    throw new Error(`${r.where}: chart ${r.chart} ${r.version} is not kept under ${CHART_FIXTURES}`);
  return chart;
};
const named = (chart: string) => releases.filter((r) => r.chart === chart);

/** Numeric comparison of x.y.z versions (a leading v ignored). */
function atLeast(version: string, minimum: string): boolean {
  const parts = (v: string) => v.replace(/^v/, "").split(/[.-]/).slice(0, 3).map(Number);
  const [a, b] = [parts(version), parts(minimum)];
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

describe("the releases under test", () => {
  test("every env's controllers and Flux releases are read, each pinned chart is kept", () => {
    const charts = new Set(releases.map((r) => r.chart));
    for (const chart of [
      "aws-load-balancer-controller",
      "external-secrets",
      "external-dns",
      "cluster-autoscaler",
      "metrics-server",
      "fluent-bit",
      "kube-prometheus-stack",
      "flux2",
      "flux2-sync",
    ]) {
      expect(charts).toContain(chart);
    }
    expect(releases.filter((r) => !loadChart(r.chart, r.version)).map((r) => r.where)).toEqual([]);
  });

  test("every kept chart has a PROVENANCE note", () => {
    const missing = fs
      .readdirSync(CHART_FIXTURES)
      .flatMap((c) => fs.readdirSync(path.join(CHART_FIXTURES, c)).map((v) => path.join(c, v)))
      .filter((dir) => !fs.existsSync(path.join(CHART_FIXTURES, dir, "PROVENANCE.md")));
    expect(missing).toEqual([]);
  });
});

describe("the ClusterRole rules kept with the charts", () => {
  const kept = releases
    .map((r) => chartOf(r))
    .filter((c, i, all) => all.findIndex((o) => o.name === c.name && o.version === c.version) === i);

  test("are kept for every chart that renders a ClusterRole, and are well-formed", () => {
    // flux2-sync renders none (a Role only when it generates a Git secret, which we do not).
    expect(
      kept.filter((c) => !c.clusterRoleRules?.length && c.name !== "flux2-sync").map((c) => c.name),
    ).toEqual([]);
    for (const chart of kept) {
      for (const rule of chart.clusterRoleRules ?? []) {
        expect(rule.verbs.length).toBeGreaterThan(0);
        expect(
          Boolean(rule.resources?.length && rule.apiGroups?.length) || Boolean(rule.nonResourceURLs?.length),
        ).toBe(true);
      }
    }
  });
});

describe("(1) values against the chart's values.schema.json", () => {
  test.each(releases.map((r) => [r.where, r] as const))("%s", (_where, r) => {
    const chart = chartOf(r);
    if (!chart.schema) return;
    expect(schemaErrors(chart.schema, chart.defaults, r.values)).toEqual([]);
  });

  test("the charts that ship a schema are checked against it", () => {
    const withSchema = [...new Set(releases.filter((r) => chartOf(r).schema).map((r) => r.chart))].sort();
    expect(withSchema).toEqual(["external-dns", "external-secrets"]);
  });

  test("bad: external-dns 1.16.0's schema refuses the service account name we set", () => {
    const [release] = named("external-dns");
    const old = JSON.parse(
      fs.readFileSync(path.join(CHART_FIXTURES, "external-dns", "1.16.0", "values.schema.json"), "utf8"),
    );
    const errors = schemaErrors(old, chartOf(release).defaults, release.values);
    expect(errors).toContain("/serviceAccount/name must be null");
  });
});

describe("(2) every key we set is one the chart has", () => {
  test.each(releases.map((r) => [r.where, r] as const))("%s", (_where, r) => {
    expect(unknownKeys(r.chart, chartOf(r).defaults, r.values)).toEqual([]);
  });

  test("every free-form entry names a map one of our releases sets", () => {
    const at = (values: unknown, p: string) =>
      p.split(".").reduce<unknown>((v, k) => (v as Values | undefined)?.[k], values);
    const unused = FREE_FORM_VALUES.filter(
      (f) => !named(f.chart).some((r) => at(r.values, f.path) !== undefined),
    );
    expect(unused).toEqual([]);
  });

  test("bad: flux2-sync has no kustomization.spec.sourceRef; an unknown key; a typo", () => {
    const [sync] = named("flux2-sync");
    const defaults = chartOf(sync).defaults;
    const values = {
      ...sync.values,
      kustomization: { spec: { path: "./x", sourceRef: { kind: "GitRepository", name: "flux-system" } } },
      gitRepository: { spec: { url: "ssh://git@example.com/x.git", intervall: "5m" } },
      replicas: 2,
    };
    expect(unknownKeys("flux2-sync", defaults, values)).toEqual([
      "gitRepository.spec.intervall",
      "kustomization.spec.sourceRef",
      "replicas",
    ]);
  });

  test("bad: a map where the chart has a scalar, and a free-form map that is not listed", () => {
    const [ca] = named("cluster-autoscaler");
    const defaults = chartOf(ca).defaults;
    expect(unknownKeys("cluster-autoscaler", defaults, { cloudProvider: { name: "aws" } })).toEqual([
      'cloudProvider (a map where the chart has "aws")',
    ]);
    expect(unknownKeys("cluster-autoscaler", defaults, ca.values, [])).toEqual([
      "extraArgs.balance-similar-node-groups",
      "extraArgs.balancing-ignore-label_1",
      "extraArgs.balancing-ignore-label_2",
      "extraArgs.balancing-ignore-label_3",
      "extraArgs.balancing-ignore-label_4",
      "extraArgs.skip-nodes-with-system-pods",
      "extraArgs.expander",
    ]);
  });
});

describe("(3) the image tags we run are of the chart's app line", () => {
  test.each(releases.map((r) => [r.where, r] as const))("%s", (_where, r) => {
    expect(imageLineMismatches(chartOf(r).appVersion, r.values)).toEqual([]);
  });

  test("the Cluster Autoscaler image is set, per env, and is of the cluster's Kubernetes line", () => {
    for (const env of exampleEnvs()) {
      const [ca] = named("cluster-autoscaler").filter((r) => r.where.startsWith(`${env.name}/`));
      const tag = (ca.values.image as Values).tag as string;
      expect(tag).toBe(CLUSTER_AUTOSCALER_IMAGE_TAGS[env.kubernetes.version]);
      expect(minorLine(tag)).toBe(env.kubernetes.version);
    }
  });

  test("bad: a Cluster Autoscaler image of another line than the chart's", () => {
    const [ca] = named("cluster-autoscaler");
    const chart = chartOf(ca);
    const values = { ...ca.values, image: { tag: CLUSTER_AUTOSCALER_IMAGE_TAGS["1.34"] } };
    expect(imageLineMismatches(chart.appVersion, values)).toEqual([
      `image.tag v1.34.0 is not of the chart's app line ${chart.appVersion}`,
    ]);
    // The pin this replaced: chart 9.37.0 (appVersion 1.30.0) running v1.33.0.
    expect(imageLineMismatches("1.30.0", ca.values)).toHaveLength(1);
  });
});

describe("the Cluster Autoscaler's ClusterRole grants what its release watches", () => {
  // Kubernetes objects the autoscaler of this line lists and watches beyond the chart's first
  // rules: volumeattachments since 1.32 (kubernetes/autoscaler f1d00648, in chart 9.46.3).
  const WATCHED = [{ group: "storage.k8s.io", resource: "volumeattachments", since: "1.32" }];
  const missing = (chart: Chart) =>
    WATCHED.filter((w) => atLeast(chart.appVersion, w.since)).flatMap((w) =>
      ["get", "list", "watch"]
        .filter((verb) => !rulesGrant(chart.clusterRoleRules ?? [], w.group, w.resource, verb))
        .map((verb) => `${verb} ${w.group}/${w.resource}`),
    );

  test("the pinned chart", () => {
    // One release per env's cluster.
    expect(named("cluster-autoscaler").map((r) => r.where)).toEqual([
      "dev/kube-system/cluster-autoscaler",
      "test/kube-system/cluster-autoscaler",
      "prod/kube-system/cluster-autoscaler",
    ]);
    for (const r of named("cluster-autoscaler")) {
      const chart = chartOf(r);
      expect(chart.clusterRoleRules?.length).toBeGreaterThan(0);
      expect(missing(chart)).toEqual([]);
    }
  });

  test("bad: chart 9.37.0's rules with an image of the 1.33 line", () => {
    const old: Chart = {
      ...chartOf(named("cluster-autoscaler")[0]),
      clusterRoleRules: parse(
        fs.readFileSync(
          path.join(CHART_FIXTURES, "cluster-autoscaler", "9.37.0", "clusterrole-rules.yaml"),
          "utf8",
        ),
      ).rules,
    };
    expect(missing({ ...old, appVersion: "1.33.0" })).toEqual([
      "get storage.k8s.io/volumeattachments",
      "list storage.k8s.io/volumeattachments",
      "watch storage.k8s.io/volumeattachments",
    ]);
  });
});

describe("Fluent Bit", () => {
  // EKS Pod Identity credentials: fluent/fluent-bit#10114 (3.2 branch), released in 3.2.10.
  const POD_IDENTITY_SINCE = "3.2.10";
  // One release per env's cluster: the tests below judge each.
  const RELEASES = ["dev/logging/fluent-bit", "test/logging/fluent-bit", "prod/logging/fluent-bit"];

  test("its app version reads EKS Pod Identity credentials", () => {
    expect(named("fluent-bit").map((r) => r.where)).toEqual(RELEASES);
    for (const r of named("fluent-bit"))
      expect(atLeast(chartOf(r).appVersion, POD_IDENTITY_SINCE)).toBe(true);
  });

  test("bad: chart 0.48.4 (Fluent Bit 3.2.4)", () => {
    expect(atLeast("3.2.4", POD_IDENTITY_SINCE)).toBe(false);
  });

  /** The S3 outputs' store_dir that no writable volume holds, under a read-only root filesystem. */
  function unwritableStoreDirs(chart: Chart, values: Values): string[] {
    const merged = coalesce(chart.defaults, values) as Values;
    if (!(merged.securityContext as Values | undefined)?.readOnlyRootFilesystem) return [];
    const outputs = String((merged.config as Values).outputs ?? "").split(/^\s*\[OUTPUT\]\s*$/m);
    const dirs = outputs
      .filter((o) => /^\s*name\s+s3\s*$/im.test(o))
      .map((o) => /^\s*store_dir\s+(\S+)\s*$/im.exec(o)?.[1] ?? "/tmp/fluent-bit/s3");
    const volumes = [
      ...((merged.daemonSetVolumes ?? []) as Values[]),
      ...((merged.extraVolumes ?? []) as Values[]),
    ];
    const mounts = [
      ...((merged.daemonSetVolumeMounts ?? []) as Values[]),
      ...((merged.extraVolumeMounts ?? []) as Values[]),
    ];
    return dirs.filter(
      (dir) =>
        !mounts.some((m) => {
          const volume = volumes.find((v) => v.name === m.name);
          const at = String(m.mountPath).replace(/\/$/, "");
          return (
            !m.readOnly &&
            volume !== undefined &&
            (volume.emptyDir !== undefined || volume.hostPath !== undefined) &&
            (dir === at || dir.startsWith(`${at}/`))
          );
        }),
    );
  }

  test("the S3 output's store_dir is on a writable volume", () => {
    expect(named("fluent-bit").map((r) => r.where)).toEqual(RELEASES);
    for (const r of named("fluent-bit")) expect(unwritableStoreDirs(chartOf(r), r.values)).toEqual([]);
  });

  test("bad: no volume at the store_dir, or the default store_dir", () => {
    const [r] = named("fluent-bit");
    const chart = chartOf(r);
    const without = Object.fromEntries(
      Object.entries(r.values).filter(([k]) => k !== "extraVolumes" && k !== "extraVolumeMounts"),
    );
    expect(unwritableStoreDirs(chart, without)).toHaveLength(1);
    const config = r.values.config as Values;
    const defaultDir = {
      ...r.values,
      config: { ...config, outputs: String(config.outputs).replace(/^\s*store_dir .*$/m, "") },
    };
    expect(unwritableStoreDirs(chart, defaultDir)).toEqual(["/tmp/fluent-bit/s3"]);
  });
});
