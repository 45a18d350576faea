/**
 * Descriptive statistics and the 95% intervals of the engagement report. Pure functions.
 *
 * - rates: Wilson score interval; difference of two rates: Newcombe's hybrid score interval (method 10),
 *   built from the two Wilson intervals;
 * - means: Welch's t interval for a difference (unequal variances, Welch-Satterthwaite degrees of freedom).
 */

export interface Summary {
  n: number;
  mean: number;
  /** Sample standard deviation (n - 1); 0 below two values. */
  std: number;
}

export interface Interval {
  low: number;
  high: number;
}

/** The two-sided 95% normal quantile. */
export const Z95 = 1.959963984540054;

export function summarize(values: readonly number[]): Summary {
  const n = values.length;
  if (n === 0) return { n: 0, mean: Number.NaN, std: Number.NaN };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { n, mean, std: 0 };
  const ss = values.reduce((a, v) => a + (v - mean) ** 2, 0);
  return { n, mean, std: Math.sqrt(ss / (n - 1)) };
}

/** Wilson score interval for `successes` out of `n` (empty when n = 0). */
export function wilsonInterval(successes: number, n: number, z = Z95): Interval {
  if (n === 0) return { low: Number.NaN, high: Number.NaN };
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface Difference extends Interval {
  /** b - a */
  diff: number;
}

/** Newcombe's hybrid score interval for p_b - p_a (Newcombe 1998, method 10). */
export function rateDifference(
  a: { successes: number; n: number },
  b: { successes: number; n: number },
  z = Z95,
): Difference {
  const pa = a.successes / a.n;
  const pb = b.successes / b.n;
  const wa = wilsonInterval(a.successes, a.n, z);
  const wb = wilsonInterval(b.successes, b.n, z);
  const diff = pb - pa;
  return {
    diff,
    low: diff - Math.sqrt((pb - wb.low) ** 2 + (wa.high - pa) ** 2),
    high: diff + Math.sqrt((wb.high - pb) ** 2 + (pa - wa.low) ** 2),
  };
}

export interface WelchResult extends Difference {
  df: number;
  se: number;
}

/** Welch's two-sample t interval for mean_b - mean_a at `level` (default 95%). */
export function welchInterval(a: Summary, b: Summary, level = 0.95): WelchResult {
  const va = a.std ** 2 / a.n;
  const vb = b.std ** 2 / b.n;
  const se = Math.sqrt(va + vb);
  const diff = b.mean - a.mean;
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  if (!(se > 0) || !Number.isFinite(df))
    return { diff, df: Number.NaN, se, low: Number.NaN, high: Number.NaN };
  const t = studentTQuantile(1 - (1 - level) / 2, df);
  return { diff, df, se, low: diff - t * se, high: diff + t * se };
}

/** Mean +- t * sd / sqrt(n): the 95% interval of one mean. */
export function meanInterval(s: Summary, level = 0.95): Interval {
  if (s.n < 2) return { low: Number.NaN, high: Number.NaN };
  const half = (studentTQuantile(1 - (1 - level) / 2, s.n - 1) * s.std) / Math.sqrt(s.n);
  return { low: s.mean - half, high: s.mean + half };
}

/** P(T <= t) for Student's t with `df` degrees of freedom (df may be fractional). */
export function studentTCdf(t: number, df: number): number {
  const x = df / (df + t * t);
  const tail = 0.5 * regularizedBeta(x, df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t (bisection on the CDF; accurate to ~1e-10). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return Number.NaN;
  if (p === 0.5) return 0;
  let low = -1;
  let high = 1;
  while (studentTCdf(low, df) > p) low *= 2;
  while (studentTCdf(high, df) < p) high *= 2;
  for (let i = 0; i < 200 && high - low > 1e-12; i++) {
    const mid = (low + high) / 2;
    if (studentTCdf(mid, df) < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/** I_x(a, b), by the continued fraction (Numerical Recipes, betacf). */
function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2)
    ? (front * betaFraction(x, a, b)) / a
    : 1 - (front * betaFraction(1 - x, b, a)) / b;
}

function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** ln Gamma(x) (Lanczos, g = 7). */
function logGamma(x: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const y = x - 1;
  let s = c[0] as number;
  for (let i = 1; i < g + 2; i++) s += (c[i] as number) / (y + i);
  const t = y + g + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(s);
}
