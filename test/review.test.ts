// npm run review: each kind of change gets the verdict a reviewer needs.
import { renderMarkdown, Review, tableReview, verdict } from "../tools/review/review";
import { Snapshot } from "../tools/review/snapshot";
import { configAt } from "../tools/review/standin-state";
import { changedPaths } from "../tools/review/terraform-diff";

const review = (before: Snapshot, after: Snapshot): Review => tableReview(before, after, "in the unit tests");
import { built } from "./support/prod-manifests";
import { terraformModel } from "./support/synth-output";

function snapshot(): Snapshot {
  const terraform = Object.fromEntries(
    terraformModel().stacks.map((s) => [s.name, JSON.parse(JSON.stringify(s.json))]),
  );
  return { terraform, manifests: { prod: JSON.parse(JSON.stringify(built())) } };
}

type Resources = Record<string, Record<string, Record<string, unknown>>>;
const resources = (s: Snapshot, stack: string) => s.terraform[stack].resource as Resources;
const firstName = (r: Resources, type: string, part: string) =>
  Object.keys(r[type]).find((n) => n.includes(part))!;

test("no change: no destructive change, nothing listed", () => {
  const r = review(snapshot(), snapshot());
  expect(verdict(r)).toBe("No destructive change. Terraform: no change; manifests: no change.");
});

test("a renamed database construct is destructive, named, and explained", () => {
  const before = snapshot();
  const after = snapshot();
  const db = resources(after, "dev-data").aws_db_instance;
  const name = firstName(resources(after, "dev-data"), "aws_db_instance", "mysql");
  db[name.replace("mysql", "metrics-db")] = db[name];
  delete db[name];
  const r = review(before, after);
  expect(r.destructive).toHaveLength(1);
  expect(r.destructive[0]).toMatchObject({
    stack: "dev-data",
    address: `aws_db_instance.${name}`,
    kind: "removed",
  });
  expect(r.destructive[0].destructive).toMatch(
    /without a moved block Terraform destroys it.*moveFromId\("aws_db_instance\./,
  );
  expect(renderMarkdown(r)).toContain(`\`dev-data\` \`aws_db_instance.${name}\``);
});

test("a replacement-forcing attribute of a data volume is destructive", () => {
  const after = snapshot();
  const volumes = resources(after, "prod-data").aws_ebs_volume;
  const name = firstName(resources(after, "prod-data"), "aws_ebs_volume", "data-0");
  volumes[name].availability_zone = "eu-west-1b";
  const r = review(snapshot(), after);
  expect(r.destructive.map((c) => ("address" in c ? c.address : ""))).toEqual([`aws_ebs_volume.${name}`]);
  expect(r.destructive[0].destructive).toMatch(/changing availability_zone replaces the aws_ebs_volume/);
});

test("an in-place change of a stateful resource is listed but not destructive", () => {
  const after = snapshot();
  const db = resources(after, "prod-data").aws_db_instance;
  db[firstName(resources(after, "prod-data"), "aws_db_instance", "mysql")].backup_retention_period = 30;
  const r = review(snapshot(), after);
  expect(r.destructive).toEqual([]);
  expect(r.terraform).toEqual([
    expect.objectContaining({ stack: "prod-data", kind: "changed", paths: ["backup_retention_period"] }),
  ]);
});

test("a tag bump passes with a one-line summary", () => {
  const after = snapshot();
  for (const o of after.manifests.prod) {
    if (o.kind === "Deployment" && o.metadata.name === "gateway-partner") {
      const text = JSON.stringify(o).replace(/(apim\/gateway-partner:)[^"]+/g, "$17.7.20250530-r2");
      Object.assign(o, JSON.parse(text));
    }
  }
  const r = review(snapshot(), after);
  expect(r.destructive).toEqual([]);
  expect(verdict(r)).toBe("No destructive change. Terraform: no change; manifests: 1 object in prod.");
  expect(r.manifests[0].paths).toEqual([
    "spec.template.spec.containers[0].image",
    "spec.template.spec.initContainers[0].image",
  ]);
  // The release as a reviewer reads it: each image's old and new tag.
  const before = snapshot().manifests.prod.find(
    (o) => o.kind === "Deployment" && o.metadata.name === "gateway-partner",
  )! as unknown as { spec: { template: { spec: { containers: { image: string }[] } } } };
  const oldImage = before.spec.template.spec.containers[0].image;
  const newImage = oldImage.replace(/:[^:]+$/, ":7.7.20250530-r2");
  expect(oldImage).not.toBe(newImage);
  expect(renderMarkdown(r)).toContain(
    `  - \`spec.template.spec.containers[0].image\`: \`${oldImage}\` -> \`${newImage}\``,
  );
});

test("a pure overlay change shows the object and field", () => {
  const after = snapshot();
  const hpa = after.manifests.prod.find(
    (o) => o.kind === "HorizontalPodAutoscaler" && o.metadata.name === "gateway-partner",
  )!;
  (hpa.spec as Record<string, unknown>).maxReplicas = 9;
  const r = review(snapshot(), after);
  expect(r.terraform).toEqual([]);
  expect(r.manifests).toEqual([
    {
      env: "prod",
      object: "HorizontalPodAutoscaler/apim/gateway-partner",
      kind: "changed",
      paths: ["spec.maxReplicas"],
    },
  ]);
});

test("dropping a claim that Flux would prune is destructive; one kept by annotation is not", () => {
  const after = snapshot();
  after.manifests.prod = after.manifests.prod.filter(
    (o) => !(o.kind === "PersistentVolumeClaim" && o.metadata.name === "apim-events"),
  );
  expect(review(snapshot(), after).destructive).toEqual([]);
  const before = snapshot();
  const claim = before.manifests.prod.find(
    (o) => o.kind === "PersistentVolumeClaim" && o.metadata.name === "apim-events",
  )!;
  delete claim.metadata.annotations;
  expect(review(before, after).destructive).toHaveLength(1);
});

test("a provider moved to another region: its data-holding resources are destroyed, which no plan without refresh shows", () => {
  const after = snapshot();
  // A stack with resources on the DR region's provider (backup copies, replicas).
  const stack = Object.keys(after.terraform).find((s) =>
    JSON.stringify(after.terraform[s].resource ?? {}).includes('"provider":"aws.dr"'),
  )!;
  const dr = ((after.terraform[stack].provider as Record<string, Record<string, unknown>[]>).aws ?? []).find(
    (p) => p.alias === "dr",
  )!;
  const oldRegion = dr.region;
  dr.region = "eu-north-1";
  const r = review(snapshot(), after);
  const moved = r.terraform.filter((c) => c.detail?.some((d) => d.startsWith("provider aws.dr: region")));
  expect(moved.length).toBeGreaterThan(0);
  expect(moved.every((c) => c.stack === stack && c.kind === "replaced")).toBe(true);
  expect(r.destructive.length).toBeGreaterThan(0);
  expect(r.destructive.every((c) => "stack" in c && c.stack === stack)).toBe(true);
  expect(r.destructive[0].destructive).toBe(
    `provider aws.dr moves (region ${JSON.stringify(oldRegion)} -> "eu-north-1"): Terraform creates it anew and the data stays behind`,
  );
});

test("a plan's unknown values count as changed paths; equal known values do not", () => {
  // The known values agree; the plan only knows the block's id after apply.
  const before = { size: 30, block: [{ kms: "k" }] };
  const after = { size: 30, block: [{ kms: "k" }] };
  expect(changedPaths(before, after, "", { block: [{ id: true }] })).toEqual(["block[0].id"]);
  expect(changedPaths(before, after, "", {})).toEqual([]);
});

test("a replace path reads a block cdktf writes as one object as Terraform's list of one", () => {
  const config = { root_block_device: { kms_key_id: "${aws_kms_key.k.arn}" }, tags: [{ a: 1 }, { a: 2 }] };
  expect(configAt(config, ["root_block_device", 0, "kms_key_id"])).toBe("${aws_kms_key.k.arn}");
  expect(configAt(config, ["tags", 1, "a"])).toBe(2);
  expect(configAt(config, ["root_block_device", 1, "kms_key_id"])).toBeUndefined();
});
