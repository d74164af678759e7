// A seeded random source, so every hostile case is reproducible: a failure prints its seed and
// case index, and the same seed builds the same input on any machine.

/** mulberry32: small, fast, and good enough to spread test inputs. */
export function seeded(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: (items) => items[int(0, items.length - 1)],
    bool: () => next() < 0.5,
    bytes: (n) => Uint8Array.from({ length: n }, () => int(0, 255)),
  };
}

/** The seed of this run: HOSTILE_SEED when set (to replay a failure), else the fixed default. */
export function runSeed(fallback) {
  const fromEnv = process.env.HOSTILE_SEED;
  return fromEnv === undefined ? fallback : Number(fromEnv);
}

/** How many generated cases per kind: HOSTILE_ITERATIONS (npm run test:fuzz) or the default. */
export function iterations(fallback) {
  const fromEnv = process.env.HOSTILE_ITERATIONS;
  return fromEnv === undefined ? fallback : Number(fromEnv);
}
