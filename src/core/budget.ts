/**
 * Time and memory budgets of one analysis. The analysis is synchronous, so the budget is checked
 * cooperatively: the evaluator, the module expansion and the rule engine call `checkBudget()`,
 * which is cheap (a counter) and looks at the clock and the heap every CHECK_EVERY calls. Past the
 * deadline or the heap allowance it throws `BudgetExceeded`, which every catch in the analysis lets
 * through, and `analyzeRoot` turns it into one finding for the root.
 */
import * as v8 from 'v8';

/** Limits of one analysis (one root). */
export interface AnalysisBudget {
  /** Wall-clock milliseconds the analysis may take. */
  timeMs: number;
  /** Bytes the JavaScript heap may grow by during the analysis. */
  heapBytes: number;
}

/** The default per root: far above any real configuration (the 500-module benchmark takes ~4 s), far below a hang or a crash. */
export const DEFAULT_ROOT_BUDGET: AnalysisBudget = { timeMs: 120_000, heapBytes: 2 * 1024 * 1024 * 1024 };

/** Thrown by `checkBudget` when the running analysis is over its budget. */
export class BudgetExceeded extends Error {
  constructor(
    readonly resource: 'time' | 'memory',
    readonly budget: AnalysisBudget,
  ) {
    super(
      resource === 'time'
        ? `the analysis took longer than ${formatMs(budget.timeMs)}`
        : `the analysis used more than ${Math.round(budget.heapBytes / (1024 * 1024))} MB of memory`,
    );
    this.name = 'BudgetExceeded';
  }
}

function formatMs(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

const CHECK_EVERY = 1024;

interface ActiveBudget {
  budget: AnalysisBudget;
  deadline: number;
  heapLimit: number;
  ticks: number;
}

let active: ActiveBudget | undefined;

/** Runs `fn` under `budget` (nested calls keep the tighter of the two deadlines). */
export function withBudget<T>(budget: AnalysisBudget, fn: () => T): T {
  const previous = active;
  const now = performance.now();
  const heap = v8.getHeapStatistics().used_heap_size;
  const next: ActiveBudget = { budget, deadline: now + budget.timeMs, heapLimit: heap + budget.heapBytes, ticks: 0 };
  if (previous) {
    if (previous.deadline < next.deadline) next.deadline = previous.deadline;
    if (previous.heapLimit < next.heapLimit) next.heapLimit = previous.heapLimit;
  }
  active = next;
  try {
    return fn();
  } finally {
    active = previous;
  }
}

/** Throws `BudgetExceeded` when the running analysis is over its time or memory budget; otherwise nearly free. */
export function checkBudget(): void {
  const current = active;
  if (!current) return;
  if (++current.ticks % CHECK_EVERY !== 0) return;
  if (performance.now() > current.deadline) throw new BudgetExceeded('time', current.budget);
  if (v8.getHeapStatistics().used_heap_size > current.heapLimit) throw new BudgetExceeded('memory', current.budget);
}

/** Re-throws a budget overrun (for catch blocks that otherwise turn errors into values or findings). */
export function rethrowBudget(error: unknown): void {
  if (error instanceof BudgetExceeded) throw error;
}
