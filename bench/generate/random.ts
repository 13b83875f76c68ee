/**
 * Seeded randomness for generated data: everything flows from the seed, never from Math.random, so
 * runs can be compared and a failing test replayed. Mulberry32: small, fast, and good enough for
 * picking names and times (not for anything secret).
 */
export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
