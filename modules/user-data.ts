// Boot scripts of the EC2 instances: a template from assets/, the shared functions inserted at
// @COMMON@, every @NAME@ placeholder filled. A placeholder without a value is an error, not a
// script that fails at boot; so is a value that is still a cdktf token: user data is encoded at
// synth, before tokens resolve, and the token's text would reach the instance.
import * as fs from "fs";
import * as path from "path";
import { Token } from "cdktf/lib/tokens/token";

const ASSETS = path.join(__dirname, "assets");

export function renderUserData(template: string, values: Readonly<Record<string, string>>): string {
  const common = fs.readFileSync(path.join(ASSETS, "common.sh"), "utf8").trimEnd();
  const text = fs.readFileSync(path.join(ASSETS, template), "utf8").replace("@COMMON@", () => common);
  return text.replace(/@([A-Z_]+)@/g, (_match, key: string) => {
    if (!(key in values)) throw new Error(`${template}: no value for @${key}@`);
    if (Token.isUnresolved(values[key])) {
      throw new Error(`${template}: @${key}@ is an unresolved token; pass a plain string`);
    }
    return values[key];
  });
}
