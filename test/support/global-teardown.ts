import * as fs from "fs";

/** Removes the run folder global-setup.ts made (with every temporary file of the run). */
export default function globalTeardown(): void {
  const dir = process.env.APIM_TEST_DIR;
  if (dir && process.env.APIM_TEST_OWNS_DIR === "1") fs.rmSync(dir, { recursive: true, force: true });
}
