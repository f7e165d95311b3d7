// lib/quantity.ts: Kubernetes quantities, each suffix of the API's grammar with a value worked out
// by hand; what the API server refuses is NaN.
import { cpuMilli, memoryMib, quantity } from "../lib/quantity";

test.each([
  ["500m", 500],
  ["1", 1000],
  ["1.5", 1500],
  ["0.1", 100],
  [".25", 250],
  ["2e-1", 200],
  ["100000u", 100],
  ["250000000n", 250],
  ["1k", 1_000_000],
  ["0.0001", 1], // below a millicore: rounded up, as Kubernetes does
])("CPU %s is %d millicores", (text, milli) => {
  expect(cpuMilli(text)).toBe(milli);
});

test.each([
  ["1792Mi", 1792],
  ["2Gi", 2048],
  ["1835008Ki", 1792],
  ["1Ti", 1024 * 1024],
  ["1048576", 1],
  ["64M", 64e6 / 2 ** 20],
  ["1G", 1e9 / 2 ** 20],
  ["1e9", 1e9 / 2 ** 20],
  ["2E6", 2e6 / 2 ** 20],
  ["0.5Gi", 512],
])("memory %s is %d MiB", (text, mib) => {
  expect(memoryMib(text)).toBeCloseTo(mib, 9);
});

test("exa (E) and an exponent (E6) are told apart", () => {
  expect(quantity("1E")).toBe(1e18);
  expect(quantity("1E6")).toBe(1e6);
});

test.each(["", "Mi", "1 Gi", "1gi", "1MB", "1.2.3", "0x10", "ten", "1Mi2"])(
  "%j is not a quantity",
  (text) => {
    expect(quantity(text)).toBeNaN();
  },
);
