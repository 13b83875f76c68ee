/**
 * What Neo4j's plan of a statement says about it, and plans as people read them. A statement is
 * classified by the plan's query type and operators (never by an error's text): Neo4j reports
 * `s` for schema commands, but also for DBMS procedures (`CALL dbms.components()`) and administration
 * commands (`SHOW DATABASES`), which only read; schema commands are the ones the SCHEMA runtime runs.
 */
import type { Json } from '../db/driver-values.js';

/** A plan or profile node as the driver gives it (ProfiledPlan adds the measured numbers). */
export interface DriverPlan {
  readonly operatorType: string;
  readonly identifiers?: readonly string[];
  readonly arguments?: Record<string, unknown>;
  readonly children?: readonly DriverPlan[];
  readonly dbHits?: number | bigint;
  readonly rows?: number | bigint;
  readonly pageCacheHits?: number | bigint;
  readonly pageCacheMisses?: number | bigint;
  readonly time?: number | bigint;
}

/** read: may run in a READ transaction; write: changes data; schema: creates or drops indexes and constraints. */
export type StatementKind = 'read' | 'write' | 'schema';

export interface Classification {
  readonly kind: StatementKind;
  /** `CALL { … } IN TRANSACTIONS` commits as it goes, so it can only run as an auto-commit transaction. */
  readonly autoCommit: boolean;
}

/** Operators of `CALL { … } IN TRANSACTIONS` (with and without RETURN). */
const IN_TRANSACTIONS = new Set(['TransactionForeach', 'TransactionApply']);

/** "ProduceResults@neo4j" → "ProduceResults": the suffix names the database. */
export function operatorName(node: Pick<DriverPlan, 'operatorType'>): string {
  return node.operatorType.replace(/@[^@]*$/, '');
}

function operators(plan: DriverPlan): string[] {
  return [operatorName(plan), ...(plan.children ?? []).flatMap(operators)];
}

export function classify(queryType: string | undefined, plan: DriverPlan | undefined): Classification {
  const autoCommit = plan !== undefined && operators(plan).some((op) => IN_TRANSACTIONS.has(op));
  if (queryType === 'r') return { kind: 'read', autoCommit };
  if (queryType === 's') {
    const runtime = plan?.arguments?.runtime;
    // Anything else Neo4j calls `s` runs in a READ transaction, where Neo4j itself refuses a write.
    return { kind: runtime === 'SCHEMA' ? 'schema' : 'read', autoCommit };
  }
  return { kind: 'write', autoCommit };
}

// ---- plans for people --------------------------------------------------------------------------

export interface PlanNode {
  readonly operator: string;
  readonly details?: string;
  readonly estimatedRows?: number;
  readonly rows?: number;
  readonly dbHits?: number;
  readonly memoryBytes?: number;
  readonly pageCacheHits?: number;
  readonly pageCacheMisses?: number;
  readonly children: PlanNode[];
}

export interface Plan {
  /** EXPLAIN plans estimate; PROFILE plans also measure. */
  readonly profiled: boolean;
  readonly planner?: string;
  readonly runtime?: string;
  readonly totalDbHits?: number;
  readonly root: PlanNode;
}

function count(value: unknown): number | undefined {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number') return value;
  if (value !== null && typeof value === 'object' && 'toNumber' in value) {
    return (value as { toNumber(): number }).toNumber();
  }
  return undefined;
}

function node(plan: DriverPlan, profiled: boolean): PlanNode {
  const args = plan.arguments ?? {};
  const details = typeof args.Details === 'string' && args.Details !== '' ? args.Details : undefined;
  const estimated = count(args.EstimatedRows);
  const memory = count(args.Memory);
  return {
    operator: operatorName(plan),
    ...(details !== undefined ? { details } : {}),
    ...(estimated !== undefined ? { estimatedRows: Math.round(estimated) } : {}),
    ...(profiled
      ? {
          rows: count(plan.rows) ?? 0,
          dbHits: count(plan.dbHits) ?? 0,
          ...(memory !== undefined ? { memoryBytes: memory } : {}),
          pageCacheHits: count(plan.pageCacheHits) ?? 0,
          pageCacheMisses: count(plan.pageCacheMisses) ?? 0,
        }
      : {}),
    children: (plan.children ?? []).map((child) => node(child, profiled)),
  };
}

function sumDbHits(plan: PlanNode): number {
  return (plan.dbHits ?? 0) + plan.children.reduce((sum, child) => sum + sumDbHits(child), 0);
}

export function toPlan(driverPlan: DriverPlan, profiled: boolean): Plan {
  const root = node(driverPlan, profiled);
  const args = driverPlan.arguments ?? {};
  return {
    profiled,
    ...(typeof args.planner === 'string' ? { planner: args.planner } : {}),
    ...(typeof args.runtime === 'string' ? { runtime: args.runtime } : {}),
    ...(profiled ? { totalDbHits: sumDbHits(root) } : {}),
    root,
  };
}

interface Line {
  readonly tree: string;
  readonly node: PlanNode;
}

/**
 * As Neo4j prints plans: the root (ProduceResults) on top and each operator's input below it, so a
 * pipeline reads as one column; an operator's second input (Apply, joins, unions) is indented under
 * it with "| ", before the first.
 */
function lines(plan: PlanNode, indent: string): Line[] {
  const out: Line[] = [{ tree: `${indent}${plan.operator}`, node: plan }];
  const [first, ...others] = plan.children;
  for (const other of others) out.push(...lines(other, `${indent}| `));
  if (first) out.push(...lines(first, indent));
  return out;
}

function grouped(n: number | undefined): string {
  return n === undefined ? '' : n.toLocaleString('en-US');
}

/** The plan as an indented operator tree with its numbers, aligned in columns. */
export function renderPlan(plan: Plan, maxDetails = 80): string {
  const rows = lines(plan.root, '');
  const header = plan.profiled
    ? ['operator', 'details', 'est. rows', 'rows', 'db hits', 'memory (B)', 'page cache hits/misses']
    : ['operator', 'details', 'est. rows'];
  const cut = (text: string) => (text.length > maxDetails ? `${text.slice(0, maxDetails - 1)}…` : text);
  const body = rows.map(({ tree, node: n }) => {
    const base = [tree, cut((n.details ?? '').replace(/\s+/g, ' ')), grouped(n.estimatedRows)];
    return plan.profiled
      ? [
          ...base,
          grouped(n.rows),
          grouped(n.dbHits),
          grouped(n.memoryBytes),
          `${grouped(n.pageCacheHits)}/${grouped(n.pageCacheMisses)}`,
        ]
      : base;
  });
  const widths = header.map((h, i) => body.reduce((max, row) => Math.max(max, row[i]!.length), h.length));
  // Text columns (the tree, the details) align left, numbers right.
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join(' | ')
      .trimEnd();
  const title = [
    plan.profiled ? 'PROFILE' : 'EXPLAIN',
    plan.planner && `planner ${plan.planner}`,
    plan.runtime && `runtime ${plan.runtime}`,
    plan.totalDbHits !== undefined && `${grouped(plan.totalDbHits)} db hits in total`,
  ]
    .filter(Boolean)
    .join(', ');
  return [title, line(header), widths.map((w) => '-'.repeat(w)).join('-+-'), ...body.map(line)].join('\n') + '\n';
}

export function planJson(plan: Plan): Json {
  return plan as unknown as Json;
}
