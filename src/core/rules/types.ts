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

/**
 * Rule metadata. `Id` is the rule id and `M` the union of its message ids, both string literals
 * when the rule is written with {@link defineRule}, so a misspelt message id fails the type check.
 */
export interface RuleMeta<Id extends string = string, M extends string = string> {
  id: Id;
  /** Short name shown in listings, e.g. "ECR Docker endpoint". */
  title: string;
  /** One paragraph: what must hold and why. */
  description: string;
  defaultSeverity: Severity;
  /** True when the rule offers mechanical fixes. */
  fixable: boolean;
  /** Message templates by id; `{{name}}` is replaced with report data. */
  messages: Record<M, string>;
}

/** A finding as a rule reports it; `M` is the union of the rule's message ids. */
export interface Report<M extends string = string> {
  messageId: M;
  data?: Record<string, string | number>;
  location: SourceLocation;
  /** The resource the finding is about (its address and module are reported). */
  resource: ResourceInstance | null;
  related?: Array<{ location: SourceLocation; message: string }>;
  fixes?: Fix[];
  /** Overrides the default severity for this one report (e.g. info for an advisory variant). */
  severity?: Severity;
}

/** What a rule's check gets; its `report` accepts only the rule's own message ids. */
export interface RuleContext<M extends string = string> {
  readonly configuration: Configuration;
  readonly network: Network;
  readonly workloads: Workload[];
  report(report: Report<M>): void;
}

/** A rule. */
export interface Rule<Id extends string = string, M extends string = string> {
  meta: RuleMeta<Id, M>;
  check(context: RuleContext<M>): void;
}

/**
 * Declares a rule with its id and message ids kept as string literals (as eslint's typed
 * `messageId`s): `context.report({ messageId })` with an id the rule's `messages` lacks is a
 * type error, and the registry derives the union of rule ids ({@link RuleId} in registry.ts).
 */
export function defineRule<const Id extends string, const M extends string>(rule: Rule<Id, M>): Rule<Id, M> {
  return rule;
}

/** Declares the metadata of a checker message the same way {@link defineRule} declares a rule. */
export function defineMeta<const Id extends string, const M extends string>(meta: RuleMeta<Id, M>): RuleMeta<Id, M> {
  return meta;
}

/** Fills `{{name}}` placeholders of a message template. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name: string) => (name in data ? String(data[name]) : m));
}
