import * as fs from "fs";

export default function globalTeardown(): void {
  const dir = process.env.APIM_TEST_DIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
