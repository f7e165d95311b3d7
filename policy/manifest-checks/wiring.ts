// Services, ingresses, service accounts, secrets and Jobs: K26, K27, K28 and K30.
import { Check, Finding, finding } from "../check";
import { ManifestModel } from "../manifest-model";
import { containers, matchesSelector, podLabels, podSpec, Spec } from "../pod-model";

type ManifestCheck = Check<ManifestModel>;

export const K26: ManifestCheck = {
  id: "K26",
  title: "Services select pods and their ports; ingresses name existing Services",
  requirements: ["LB-1", "K8S-10"],
  evaluate: (model) => [
    ...model.ofKind("Service").map((svc) => {
      const spec = svc.spec as Spec;
      // An ExternalName Service is a DNS alias: it selects no pods and declares no target ports.
      if (spec.type === "ExternalName") {
        return finding(
          model.subject(svc),
          [typeof spec.externalName !== "string" && "ExternalName without an externalName"],
          `alias of ${String(spec.externalName)}`,
        );
      }
      const selector = spec.selector as Record<string, string> | undefined;
      const targets = model
        .workloads()
        .filter(
          (w) => w.metadata.namespace === svc.metadata.namespace && matchesSelector(selector, podLabels(w)),
        );
      const declared = containers(targets).flatMap((r) =>
        // Stryker disable next-line ArrayDeclaration: a made-up port is a string (name and number undefined); a Service port always has a port (the API requires it), so no target is undefined
        ((r.container.ports as Spec[] | undefined) ?? []).flatMap((p) => [p.name, p.containerPort]),
      );
      const missing = ((spec.ports as Spec[] | undefined) ?? []).filter(
        (p) => !declared.includes(p.targetPort ?? p.port),
      );
      return finding(
        model.subject(svc),
        [
          !targets.length && "selects no pods",
          // Without pods no port is declared: "selects no pods" says it once.
          targets.length > 0 &&
            missing.length > 0 &&
            `target ports ${missing.map((p) => String(p.targetPort ?? p.port)).join(",")} not declared`,
          spec.type === "NodePort" && "NodePort",
          spec.externalIPs !== undefined && "externalIPs",
        ],
        `serves ${targets.map((t) => t.metadata.name).join(", ")}`,
      );
    }),
    ...model.ofKind("Ingress").map((ing) => {
      const backends = ingressBackends(ing.spec as Spec);
      const services = model.ofKind("Service").filter((s) => s.metadata.namespace === ing.metadata.namespace);
      const broken = backends.filter((backend) => {
        const wanted = (backend.service as Spec | undefined) ?? {};
        const port = (wanted.port as Spec | undefined) ?? {};
        const svc = services.find((s) => s.metadata.name === wanted.name);
        const ports = ((svc?.spec as Spec | undefined)?.ports as Spec[] | undefined) ?? [];
        // A port is named by number or by name; a backend without a service (a resource) has none.
        return !ports.some((p) =>
          port.number !== undefined ? p.port === port.number : p.name === port.name,
        );
      });
      return finding(
        model.subject(ing),
        [!backends.length && "no backends", broken.length > 0 && "a backend names a missing Service port"],
        "backends exist",
      );
    }),
  ],
};

/** An Ingress's backends: its default one and each rule path's (networking.k8s.io/v1). */
function ingressBackends(spec: Spec): Spec[] {
  // Stryker disable next-line ArrayDeclaration: a made-up rule is a string, which has no http
  const paths = ((spec.rules as Spec[] | undefined) ?? []).flatMap(
    // Stryker disable next-line ArrayDeclaration: a made-up path is a string, which has no backend
    (rule) => ((rule.http as Spec | undefined)?.paths as Spec[] | undefined) ?? [],
  );
  return [spec.defaultBackend, ...paths.map((path) => path.backend)].filter(
    (backend): backend is Spec => typeof backend === "object" && backend !== null,
  );
}

export const K27: ManifestCheck = {
  id: "K27",
  title: "Own service account per workload, tokens not mounted",
  requirements: ["K8S-2"],
  evaluate: (model) =>
    model.workloads().map((w) => {
      const pod = podSpec(w) ?? {};
      const name = String(pod.serviceAccountName ?? "default");
      const sa = model
        .ofKind("ServiceAccount")
        .find((s) => s.metadata.name === name && s.metadata.namespace === w.metadata.namespace);
      const mounted =
        pod.automountServiceAccountToken ?? (sa as Spec | undefined)?.automountServiceAccountToken;
      return finding(
        model.subject(w),
        [
          name === "default" && "uses the default service account",
          name !== "default" && !sa && `service account ${name} is not in the bundle`,
          mounted !== false && "mounts a service account token",
        ],
        `service account ${name}, no token`,
      );
    }),
};

/** Secret-looking names, as kube-linter's env-var-secret reads them (password, passwd, secret,
 * token, ... anywhere in the name), "pass" only as a word of its own (DB_PASS, not PASSIVE_MODE or
 * BYPASS), and any name ending in key (API_KEY, signing-key, tls.key). */
const SECRET_NAME =
  /passw(?:or)?d|passphrase|pwd|secret|token|private|credential|apikey|api_key|(?:^|[^a-z])pass(?:$|[^a-z])|[._-]key$/i;
/** A private key in PEM or PGP armour, whatever its algorithm. */
const PEM_PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/;

export const K28: ManifestCheck = {
  id: "K28",
  title: "No plaintext secrets: no Secret data in Git, no secret-looking literal env values",
  requirements: ["SEC-3", "SEC-5"],
  evaluate: (model) => [
    ...model
      .ofKind("Secret")
      .map((s) =>
        finding(
          model.subject(s),
          [(s.data !== undefined || s.stringData !== undefined) && !s.sops && "Secret data in Git"],
          "no data",
        ),
      ),
    ...containers(model.workloads())
      .filter((ref) => !ref.malformed)
      .map((ref): Finding => {
        const literal =
          (ref.container.env as Spec[] | undefined)?.filter(
            (e) =>
              e.value !== undefined &&
              (SECRET_NAME.test(String(e.name)) || PEM_PRIVATE_KEY.test(String(e.value))),
          ) ?? [];
        return {
          subject: model.containerSubject(ref.workload, ref.container),
          ok: !literal.length,
          message: literal.length
            ? `literal values for ${literal.map((e) => String(e.name)).join(", ")}`
            : "secrets come from Secret references",
        };
      }),
    ...model.ofKind("ConfigMap").map((c) => {
      const keys = Object.entries((c.data ?? {}) as Spec)
        .filter(([k, v]) => SECRET_NAME.test(k) || PEM_PRIVATE_KEY.test(String(v)))
        .map(([k]) => k);
      return finding(
        model.subject(c),
        [keys.length > 0 && `secret-looking keys ${keys.join(", ")}`],
        "no secret-looking keys",
      );
    }),
  ],
};

export const K30: ManifestCheck = {
  id: "K30",
  title: "Jobs are bounded and replaceable by Flux; CronJobs have deadlines",
  requirements: ["APIM-6"],
  evaluate: (model) => [
    ...model.ofKind("Job").map((j) => {
      const spec = j.spec as Spec;
      const restart = (podSpec(j) ?? {}).restartPolicy;
      return finding(
        model.subject(j),
        [
          spec.ttlSecondsAfterFinished === undefined && "no ttlSecondsAfterFinished",
          spec.backoffLimit === undefined && "no backoffLimit",
          spec.activeDeadlineSeconds === undefined && "no activeDeadlineSeconds",
          !["Never", "OnFailure"].includes(String(restart)) && `restartPolicy ${String(restart)}`,
          j.metadata.annotations?.["kustomize.toolkit.fluxcd.io/force"] !== "enabled" &&
            "Flux cannot replace it (immutable template)",
        ],
        "bounded and replaceable",
      );
    }),
    ...model.ofKind("CronJob").map((c) => {
      const spec = c.spec as Spec;
      const job = ((spec.jobTemplate as Spec)?.spec ?? {}) as Spec;
      const restart = (podSpec(c) ?? {}).restartPolicy;
      return finding(
        model.subject(c),
        [
          spec.startingDeadlineSeconds === undefined && "no startingDeadlineSeconds",
          spec.concurrencyPolicy !== "Forbid" && "runs may overlap",
          job.activeDeadlineSeconds === undefined && "no activeDeadlineSeconds",
          job.ttlSecondsAfterFinished === undefined && "no ttlSecondsAfterFinished",
          !["Never", "OnFailure"].includes(String(restart)) && `restartPolicy ${String(restart)}`,
        ],
        "bounded",
      );
    }),
  ],
};
