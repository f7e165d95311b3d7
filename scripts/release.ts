// npm run release -- <env> <image repository> <tag>
// Sets the tag of one image in the env's team-owned release file, the one-line change a release
// pull request makes (PRO-1, MNT-1). The tag is checked like the config checks tags.
import * as fs from "fs";
import * as path from "path";
import { imageTag } from "../envs/fields";
import { releaseFile } from "../gitops-src/apim/overlay-paths";
import { withReleaseTag } from "../gitops-src/apim/release";

function main(): number {
  const [env, repository, tag] = process.argv.slice(2);
  if (!env || !repository || !tag) {
    process.stderr.write("usage: npm run release -- <env> <image repository> <tag>\n");
    return 2;
  }
  const checked = imageTag.safeParse(tag);
  if (!checked.success) {
    process.stderr.write(`release: tag ${JSON.stringify(tag)}: ${checked.error.issues[0].message}\n`);
    return 2;
  }
  const file = path.join(__dirname, "..", "gitops", releaseFile(env));
  if (!fs.existsSync(file)) {
    process.stderr.write(`release: no release file for env ${env} (${path.relative(process.cwd(), file)})\n`);
    return 2;
  }
  const changed = withReleaseTag(fs.readFileSync(file, "utf8"), repository, tag);
  if (changed === undefined) {
    process.stderr.write(`release: ${repository} is not an image of ${env}\n`);
    return 2;
  }
  fs.writeFileSync(file, changed);
  process.stdout.write(`${env}: ${repository} -> ${tag}\n`);
  return 0;
}

process.exitCode = main();
