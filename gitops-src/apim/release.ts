// The team-owned release component of an env overlay (apps/apim/overlays/<env>/release): which
// image tag each APIM image runs (PRO-1). The team changes the tags; synth creates the file once
// and afterwards only keeps its list of images complete: it adds the image of a new gateway group
// (at the group's initial tag) and removes an entry that maps to a repository of the env's registry
// the registry stack no longer creates (a removed group's). A tag the team set is never changed,
// and entries of the team's own (another registry, a mirror) are left alone.
import { isMap, isSeq, parseDocument, YAMLMap } from "yaml";
import { EnvironmentConfig } from "../../envs/schema";
import { ecrRegistryHost, LOAD_TEST_IMAGE_REPOSITORY } from "../../lib/naming";
import { TeamFileUpdate } from "../../tools/output/generated-file";
import { component, toYaml } from "../yaml";

interface ReleaseImage {
  readonly name: string;
  readonly newName: string;
  readonly newTag: string;
}

/** Every image the env runs, each with the tag it starts at. */
function releaseImages(env: EnvironmentConfig): ReleaseImage[] {
  const registry = ecrRegistryHost(env);
  return [
    { repository: env.apim.anm.imageRepository, tag: env.apim.anm.initialImageTag },
    ...env.apim.gatewayGroups.map((g) => ({ repository: g.imageRepository, tag: g.initialImageTag })),
    { repository: LOAD_TEST_IMAGE_REPOSITORY, tag: env.apim.anm.initialImageTag },
  ].map((i) => ({ name: i.repository, newName: `${registry}/${i.repository}`, newTag: i.tag }));
}

/** The file as synth first creates it. */
export function releaseComponent(env: EnvironmentConfig): string {
  return (
    "# Image tags of this env, owned by the team: promote a release by changing a newTag (PRO-1).\n" +
    "# npm run synth creates this file once, then only adds the image of a new gateway group and\n" +
    "# removes the image of a group the env no longer runs; it never changes a tag.\n" +
    // The base names images by ECR repository; this maps them to the env's registry and a tag.
    toYaml(component({ images: releaseImages(env) }))
  );
}

/** The team's release file with its image list made complete; comments and tags kept. */
export function reconcileRelease(env: EnvironmentConfig, existing: string): TeamFileUpdate {
  const doc = parseDocument(existing);
  if (doc.errors.length)
    throw new Error(`${env.name}: the release component is not valid YAML: ${doc.errors[0].message}`);
  const images = doc.get("images");
  if (images !== undefined && !isSeq(images))
    throw new Error(`${env.name}: the release component's images is not a list`);
  const wanted = releaseImages(env);
  const wantedNames = new Set(wanted.map((i) => i.name));
  const changes: string[] = [];
  const seq = images ?? doc.createNode([]);
  const nameOf = (item: unknown) => (isMap(item) ? String((item as YAMLMap).get("name")) : undefined);
  const registry = `${ecrRegistryHost(env)}/`;
  const inRegistry = (item: unknown) =>
    isMap(item) && String((item as YAMLMap).get("newName") ?? "").startsWith(registry);
  // Backwards, so that removing an item does not shift the ones still to visit.
  for (let i = seq.items.length - 1; i >= 0; i--) {
    const name = nameOf(seq.items[i]);
    if (name !== undefined && !wantedNames.has(name) && inRegistry(seq.items[i])) {
      seq.items.splice(i, 1);
      changes.push(
        `removed ${name} (the registry of ${env.name} no longer has it: no gateway group runs it)`,
      );
    }
  }
  const present = new Set(seq.items.map(nameOf));
  for (const image of wanted.filter((i) => !present.has(i.name))) {
    seq.items.push(doc.createNode(image));
    changes.push(`added ${image.name} at ${image.newTag}`);
  }
  if (!changes.length) return { content: existing, changes };
  if (images === undefined) doc.set("images", seq);
  return { content: doc.toString({ lineWidth: 0 }), changes };
}

/**
 * The release file with one image's tag changed, and nothing else: the one-line change of a release
 * pull request (npm run release). Undefined when the file has no entry for the image.
 */
export function withReleaseTag(text: string, repository: string, tag: string): string | undefined {
  const pattern = new RegExp(
    `(- name: ${repository.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\\n\\s+newName: \\S+\\n\\s+newTag: )\\S+`,
  );
  return pattern.test(text) ? text.replace(pattern, `$1${tag}`) : undefined;
}
