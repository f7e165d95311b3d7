// Kubernetes resource quantities ("500m", "1.5", "1792Mi", "2G", "1835008Ki", "1e3"), as the API
// server reads them: a decimal number with a binary-SI suffix (Ki..Ei), a decimal-SI suffix
// (n, u, m, k, M, G, T, P, E) or a decimal exponent. NaN for anything else, a negative one too.

const BINARY_SI: Readonly<Record<string, number>> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL_SI: Readonly<Record<string, number>> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};
// A request or limit is never negative (the API server refuses one), so no sign is read.
const QUANTITY = /^(\+?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+|[numkMGTPE])?$/;

/** The quantity in base units (cores, bytes). */
export function quantity(text: string): number {
  const m = QUANTITY.exec(text);
  if (!m) return NaN;
  const n = Number(m[1]);
  const suffix = m[2] ?? "";
  if (suffix in BINARY_SI) return n * BINARY_SI[suffix];
  if (/^[eE][+-]?\d/.test(suffix)) return n * 10 ** Number(suffix.slice(1));
  return suffix ? n * DECIMAL_SI[suffix] : n;
}

/** CPU in millicores, rounded up to a whole millicore as Kubernetes does. */
export function cpuMilli(text: string): number {
  // Rounded to 1e-6 m first, so that binary floating point (0.1 x 1000) does not round up.
  return Math.ceil(Math.round(quantity(text) * 1e9) / 1e6);
}

/** Memory in MiB (fractional where the quantity is not a whole MiB). */
export function memoryMib(text: string): number {
  return quantity(text) / 2 ** 20;
}
