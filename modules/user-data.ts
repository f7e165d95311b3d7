// Boot scripts of the EC2 instances: a template from assets/, the shared functions inserted at
// @COMMON@, every @NAME@ placeholder filled. A placeholder without a value is an error, not a
// script that fails at boot.
import * as fs from "fs";
import * as path from "path";

const ASSETS = path.join(__dirname, "assets");

export function renderUserData(template: string, values: Readonly<Record<string, string>>): string {
  const common = fs.readFileSync(path.join(ASSETS, "common.sh"), "utf8").trimEnd();
  const text = fs.readFileSync(path.join(ASSETS, template), "utf8").replace("@COMMON@", () => common);
  return text.replace(/@([A-Z_]+)@/g, (_match, key: string) => {
    if (!(key in values)) throw new Error(`${template}: no value for @${key}@`);
    return values[key];
  });
}
