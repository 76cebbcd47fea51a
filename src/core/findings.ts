/**
 * What the analysis reports: findings with exact ranges and optional fixes as text edits.
 * The JSON form of these (see `cli.ts`) is the command line's contract.
 */

/** How bad a finding is. `error`: the pull or the task start fails; `warning`: fails in some set-ups; `info`: advice. */
export type Severity = 'error' | 'warning' | 'info';

/** A 0-based line/character position (UTF-16 columns, as VS Code and LSP count). */
export interface LineCharacter {
  line: number;
  character: number;
}

/** A span in a file, 0-based, end exclusive. */
export interface TextRange {
  start: LineCharacter;
  end: LineCharacter;
}

/** Replace `range` of `file` (absolute path) with `newText`. Insertions have an empty range. */
export interface TextEdit {
  file: string;
  range: TextRange;
  newText: string;
}

/** A mechanical correction for one finding. */
export interface Fix {
  /** Shown in the quick-fix menu, e.g. "Add ECR DKR endpoint". */
  title: string;
  edits: TextEdit[];
  /** The fix Auto Fix should apply. */
  isPreferred?: boolean;
}

/** Another place involved in a finding (the service that needs an endpoint, the route table it uses...). */
export interface RelatedLocation {
  file: string;
  range: TextRange;
  message: string;
}

/** One problem. `file` is absolute inside the core; the CLI prints it relative to the current directory. */
export interface Finding {
  ruleId: string;
  /** The rule's message id the message was built from (absent for checker findings without one). */
  messageId?: string;
  /** The data the message was filled with (redacted as the message is), so it can be rendered in another language. */
  data?: Record<string, string | number>;
  severity: Severity;
  message: string;
  /** Absolute path of the file, or null for live findings and findings about no file. */
  file: string | null;
  range: TextRange | null;
  /** Terraform address (`aws_vpc_endpoint.ecr_dkr`, `aws_vpc_endpoint.this["s3"]`) or an AWS id for live findings; null when none applies. */
  resource: string | null;
  /** "" for the root module, else the module path such as `module.network` or `module.app.module.endpoints`. */
  module: string;
  related?: RelatedLocation[];
  fixes?: Fix[];
  /** Set when an ignore comment suppressed the finding (kept only where asked for: JSON and SARIF). */
  suppressed?: { justification: string };
}

/** Orders findings by file, then position, then rule id: the order every output uses. */
export function compareFindings(a: Finding, b: Finding): number {
  const fa = a.file ?? '';
  const fb = b.file ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  const la = a.range?.start.line ?? -1;
  const lb = b.range?.start.line ?? -1;
  if (la !== lb) return la - lb;
  const ca = a.range?.start.character ?? -1;
  const cb = b.range?.start.character ?? -1;
  if (ca !== cb) return ca - cb;
  return a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0;
}
