/**
 * Keeping nodes apart, without a browser: how many nodes lie on top of another (the measure the
 * tests assert), and a pass that separates them after any layout or placement. Layouts can stack
 * nodes: fcose's draft step is spectral, and the leaves of a star are alike to it, so 499 leaves of a
 * hub got one position and the refinement (forces between coincident points have no direction) never
 * parted them. Both functions hash points into a grid, so they stay linear at 5,000 nodes.
 */

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A grid of cell size `cell` over points, answering "who is near this point". */
class Grid {
  private readonly cells = new Map<string, number[]>();

  constructor(
    private readonly cell: number,
    points: readonly Point[],
  ) {
    points.forEach((p, i) => this.add(p, i));
  }

  private key(cx: number, cy: number): string {
    return `${cx},${cy}`;
  }

  add(p: Point, index: number): void {
    const k = this.key(Math.floor(p.x / this.cell), Math.floor(p.y / this.cell));
    const list = this.cells.get(k);
    if (list) list.push(index);
    else this.cells.set(k, [index]);
  }

  /** Whether a point of `points` other than `self` lies closer than the cell size to p. */
  crowded(p: Point, points: readonly Point[], self = -1): boolean {
    const cx = Math.floor(p.x / this.cell);
    const cy = Math.floor(p.y / this.cell);
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++) {
        const list = this.cells.get(this.key(cx + dx, cy + dy));
        if (!list) continue;
        for (const j of list) {
          if (j !== self && Math.hypot(points[j]!.x - p.x, points[j]!.y - p.y) < this.cell) return true;
        }
      }
    return false;
  }
}

/** The number of points that lie within `radius` of another point. */
export function stackedCount(points: readonly Point[], radius = 5): number {
  const grid = new Grid(radius, points);
  return points.filter((p, i) => grid.crowded(p, points, i)).length;
}

/** The share (0–1) of points that lie within `radius` of another: the layout tests want it under 1%. */
export function stackedShare(points: readonly Point[], radius = 5): number {
  return points.length ? stackedCount(points, radius) / points.length : 0;
}

/** The golden angle: successive points of a sunflower spiral never line up. */
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

export interface SeparateOptions {
  /** The distance every two points should keep (a node's diameter and a gap). */
  readonly spacing: number;
  /** Points that must stay where they are (the analyst's, when new ones are placed among them). */
  readonly fixed?: (index: number) => boolean;
}

/**
 * Points moved so that no two (but fixed ones) are closer than `spacing`, moving as few as it can:
 * the fixed points are kept first, then each other point in order keeps its position if nothing kept
 * is within `spacing`, else takes the first free spot on a sunflower spiral around it. A stack of 499
 * becomes a disc around its spot; a point that was apart stays exactly where it was. Deterministic.
 */
export function separate(points: readonly Point[], options: SeparateOptions): Point[] {
  const { spacing } = options;
  const fixed = options.fixed ?? (() => false);
  const out: Point[] = points.map((p) => ({ x: p.x, y: p.y }));
  const grid = new Grid(spacing, []);
  out.forEach((p, i) => {
    if (fixed(i)) grid.add(p, i);
  });
  // Where the last search from each small patch ended: the points of a stack (or of a dense patch)
  // go on from there instead of walking the filled part of the spiral again (quadratic at 5,000).
  const resume = new Map<string, number>();
  out.forEach((p, i) => {
    if (fixed(i)) return;
    const patch = `${Math.floor(p.x / spacing)},${Math.floor(p.y / spacing)}`;
    let k = resume.get(patch) ?? 0;
    let spot = p;
    // Points of the spiral are about spacing / 2 apart near its centre: every gap that fits is tried.
    while (grid.crowded(spot, out)) {
      k++;
      const r = spacing * 0.5 * Math.sqrt(k);
      spot = { x: p.x + r * Math.cos(k * GOLDEN_ANGLE), y: p.y + r * Math.sin(k * GOLDEN_ANGLE) };
    }
    if (k > 0) resume.set(patch, k);
    out[i] = spot;
    grid.add(spot, i);
  });
  return out;
}
