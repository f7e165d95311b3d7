// The repository's own delivery material, for the checks of the pipeline and the runbooks:
// workflow files and runbooks by path.
import * as fs from "fs";
import * as path from "path";

export class RepositoryModel {
  constructor(readonly files: Readonly<Record<string, string>>) {}

  static fromRoot(root: string): RepositoryModel {
    const files: Record<string, string> = {};
    for (const dir of [".github/workflows", "docs/runbooks"]) {
      const full = path.join(root, dir);
      if (!fs.existsSync(full)) continue;
      for (const name of fs.readdirSync(full).sort())
        files[`${dir}/${name}`] = fs.readFileSync(path.join(full, name), "utf8");
    }
    return new RepositoryModel(files);
  }
}
