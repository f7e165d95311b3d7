// Results of slow tool runs (terraform plans, kustomize builds) kept between local runs, each under
// the hash of everything its result depends on, so a rerun repeats only what changed. Never in CI:
// there every run proves its results afresh.
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { writeAtomically } from "../../scripts/write-atomically";

const CACHE_ROOT = path.join(__dirname, "..", "..", "node_modules", ".cache");

export function contentKey(...parts: readonly unknown[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

export class ResultCache<T> {
  private readonly dir: string;

  /** undefined in CI (where nothing is cached). */
  static forRun<T>(name: string): ResultCache<T> | undefined {
    return process.env.CI ? undefined : new ResultCache<T>(name);
  }

  private constructor(name: string) {
    this.dir = path.join(CACHE_ROOT, name);
  }

  read(key: string): T | undefined {
    const file = path.join(this.dir, `${key}.json`);
    return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as T) : undefined;
  }

  write(key: string, result: T): void {
    fs.mkdirSync(this.dir, { recursive: true });
    writeAtomically(path.join(this.dir, `${key}.json`), JSON.stringify(result));
  }
}
