// A cdktf token that reaches the output unresolved is text that means nothing to Terraform or to
// the machine that reads it (an instance's user data, a manifest). Scan everything synth writes:
// the Terraform JSON, every base64 value in it decoded, gitops/ and the conformance reports.
import * as fs from "fs";
import * as path from "path";
import { synthOutdir } from "./support/synth-output";

const REPO = path.join(__dirname, "..");

/** cdktf's encodings of a token: strings, lists and numbers. */
const TOKEN_PATTERNS = [
  /\$\{TfToken\[[^\]]*\]\}/,
  /#\{TfToken\[[^\]]*\]\}/,
  /Token\[TOKEN\.\d+\]/,
  /-1\.8881545897087\d*e\+289/,
];

function findToken(text: string): string | undefined {
  for (const pattern of TOKEN_PATTERNS) {
    const match = pattern.exec(text);
    if (match) return match[0];
  }
  return undefined;
}

/** Every string of a JSON value with its path; base64 attributes also decoded. */
function* strings(value: unknown, at: string): Generator<[string, string]> {
  if (typeof value === "string") {
    yield [at, value];
    if (/_base64$|base64/.test(at) && /^[A-Za-z0-9+/]+=*$/.test(value)) {
      yield [`${at} (decoded)`, Buffer.from(value, "base64").toString("utf8")];
    }
  } else if (typeof value === "number") {
    yield [at, String(value)];
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) yield* strings(v, `${at}[${i}]`);
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) yield* strings(v, `${at}.${k}`);
  }
}

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : [p];
  });
}

function tokensInTerraform(json: unknown, file: string): string[] {
  const found: string[] = [];
  for (const [at, text] of strings(json, "")) {
    const token = findToken(text);
    if (token) found.push(`${file}${at}: ${token}`);
  }
  return found;
}

describe("no unresolved token in anything synth writes", () => {
  test("the scanner finds a token in a base64 value, a string and a number", () => {
    const script = Buffer.from('readonly LOG_GROUP="${TfToken[TOKEN.271]}"').toString("base64");
    const found = tokensInTerraform(
      {
        resource: {
          aws_instance: {
            n: { user_data_base64: script, name: "x-#{TfToken[TOKEN.3]}", size: -1.8881545897087626e289 },
          },
        },
      },
      "fixture",
    );
    expect(found).toEqual([
      "fixture.resource.aws_instance.n.user_data_base64 (decoded): ${TfToken[TOKEN.271]}",
      "fixture.resource.aws_instance.n.name: #{TfToken[TOKEN.3]}",
      "fixture.resource.aws_instance.n.size: -1.8881545897087626e+289",
    ]);
  });

  test("Terraform JSON of every stack, base64 values decoded", () => {
    const stacks = files(path.join(synthOutdir(), "stacks")).filter((f) => f.endsWith("cdk.tf.json"));
    expect(stacks.length).toBeGreaterThanOrEqual(18);
    const decoded = stacks
      .flatMap((f) => [...strings(JSON.parse(fs.readFileSync(f, "utf8")), "")])
      .filter(([at]) => at.endsWith("(decoded)"));
    expect(decoded.length).toBeGreaterThan(0); // the user data was seen and decoded
    const found = stacks.flatMap((f) =>
      tokensInTerraform(JSON.parse(fs.readFileSync(f, "utf8")), path.relative(synthOutdir(), f)),
    );
    expect(found).toEqual([]);
  });

  test("gitops/ and docs/conformance/", () => {
    const generated = [...files(path.join(REPO, "gitops")), ...files(path.join(REPO, "docs", "conformance"))];
    expect(generated.length).toBeGreaterThan(50);
    const found = generated.flatMap((f) => {
      const token = findToken(fs.readFileSync(f, "utf8"));
      return token ? [`${path.relative(REPO, f)}: ${token}`] : [];
    });
    expect(found).toEqual([]);
  });
});
