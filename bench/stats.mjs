// Medians and their intervals, for the benchmarks' paired runs, and how their tables print them.

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Round by round, each of `xs` over the same round's `base`: the per-pair ratios every median here is taken of. */
export const perRound = (xs, base) => xs.map((x, i) => x / base[i]);

/** Uniform numbers in [0, 1) from a fixed seed (mulberry32): the same runs give the same interval. */
const seeded = (seed) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/**
 * A 95% interval for the median of `xs` (percentile bootstrap, 2,000 resamples): how far this
 * VM's noise could move a ratio, so that a row 0.003 over its budget is read as on the line.
 */
export const medianInterval = (xs) => {
  const random = seeded(1);
  const medians = [];
  for (let k = 0; k < 2000; k += 1) medians.push(median(xs.map(() => xs[Math.floor(random() * xs.length)])));
  medians.sort((a, b) => a - b);
  return [medians[50], medians[1949]];
};

/** An interval as the tables print it: `1.090-1.119`. */
export const formatInterval = ([low, high]) => `${low.toFixed(3)}-${high.toFixed(3)}`;

/** A table cell `n` characters wide, with at least one space after its text, however long. */
export const pad = (v, n) => `${String(v).padEnd(n - 1)} `;
