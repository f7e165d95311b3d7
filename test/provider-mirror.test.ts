// Where Terraform's AWS provider is taken from: the folder TF_PROVIDER_MIRROR names, else
// Terraform's own implied mirror folders; unpacked or packed; never a folder without the pin.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AWS_PROVIDER_VERSION, awsProviderMirror, impliedMirrors } from "../tools/terraform/provider-mirror";

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "mirror-"));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const aws = (mirror: string) => path.join(mirror, "registry.terraform.io", "hashicorp", "aws");
function unpacked(mirror: string, version = AWS_PROVIDER_VERSION): string {
  fs.mkdirSync(path.join(aws(mirror), version, "linux_amd64"), { recursive: true });
  return mirror;
}
function packed(mirror: string, version = AWS_PROVIDER_VERSION): string {
  fs.mkdirSync(aws(mirror), { recursive: true });
  fs.writeFileSync(path.join(aws(mirror), `terraform-provider-aws_${version}_linux_amd64.zip`), "");
  return mirror;
}

test("the folder TF_PROVIDER_MIRROR names, unpacked or packed", () => {
  const a = unpacked(path.join(root, "a"));
  const b = packed(path.join(root, "b"));
  expect(awsProviderMirror({ HOME: root, TF_PROVIDER_MIRROR: a })).toBe(a);
  expect(awsProviderMirror({ HOME: root, TF_PROVIDER_MIRROR: b })).toBe(b);
});

test("a named folder without the pinned version is no mirror, even when an implied one has it", () => {
  const other = unpacked(path.join(root, "old"), "5.0.0");
  unpacked(path.join(root, ".terraform.d", "plugins"));
  expect(awsProviderMirror({ HOME: root, TF_PROVIDER_MIRROR: other })).toBeUndefined();
  expect(
    awsProviderMirror({ HOME: root, TF_PROVIDER_MIRROR: packed(path.join(root, "p"), "5.0.0") }),
  ).toBeUndefined();
});

test("else Terraform's implied folders, in its order: ~/.terraform.d/plugins, then the XDG data folders", () => {
  const env = { HOME: root, XDG_DATA_HOME: path.join(root, "data"), XDG_DATA_DIRS: path.join(root, "share") };
  expect(impliedMirrors(env)).toEqual([
    path.join(root, ".terraform.d", "plugins"),
    path.join(root, "data", "terraform", "plugins"),
    path.join(root, "share", "terraform", "plugins"),
  ]);
  expect(awsProviderMirror(env)).toBeUndefined();
  const shared = packed(path.join(root, "share", "terraform", "plugins"));
  expect(awsProviderMirror(env)).toBe(shared);
  const home = unpacked(path.join(root, ".terraform.d", "plugins"));
  expect(awsProviderMirror(env)).toBe(home);
});

test("without XDG variables, the XDG defaults", () => {
  expect(impliedMirrors({ HOME: "/home/u" })).toEqual([
    "/home/u/.terraform.d/plugins",
    "/home/u/.local/share/terraform/plugins",
    "/usr/local/share/terraform/plugins",
    "/usr/share/terraform/plugins",
  ]);
});
