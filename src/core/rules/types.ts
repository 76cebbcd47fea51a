/**
 * What a rule is: its metadata (id, severity, docs, messages) and a check over the analysed
 * configuration that reports findings through the context. One rule per file, named by its id.
 */
import type { Fix, Severity } from '../findings';
import type { SourceLocation } from '../model/body';
import type { Configuration, ResourceInstance } from '../model/config';
import type { Network } from '../model/network';
import type { Workload } from '../model/workloads';

/** Where the rule documentation lives; each rule's anchor is its id. */
export const DOCS_BASE_URL = 'https://github.com/private-ecr-pull/private-ecr-pull/blob/main/docs/rules.md';

/** The link to a rule's section of docs/rules.md. */
export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}#${ruleId}`;
}

/** Rule metadata. */
export interface RuleMeta {
  id: string;
  /** Short name shown in listings, e.g. "ECR Docker endpoint". */
  title: string;
  /** One paragraph: what must hold and why. */
  description: string;
  defaultSeverity: Severity;
  /** True when the rule offers mechanical fixes. */
  fixable: boolean;
  /** Message templates by id; `{{name}}` is replaced with report data. */
  messages: Record<string, string>;
}

/** A finding as a rule reports it. */
export interface Report {
  messageId: string;
  data?: Record<string, string | number>;
  location: SourceLocation;
  /** The resource the finding is about (its address and module are reported). */
  resource: ResourceInstance | null;
  related?: Array<{ location: SourceLocation; message: string }>;
  fixes?: Fix[];
  /** Overrides the default severity for this one report (e.g. info for an advisory variant). */
  severity?: Severity;
}

/** What a rule's check gets. */
export interface RuleContext {
  readonly configuration: Configuration;
  readonly network: Network;
  readonly workloads: Workload[];
  report(report: Report): void;
}

/** A rule. */
export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): void;
}

/** Fills `{{name}}` placeholders of a message template. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name: string) => (name in data ? String(data[name]) : m));
}
