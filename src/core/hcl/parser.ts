/**
 * An error-tolerant parser for Terraform's native HCL syntax, producing the tree in `ast.ts`.
 *
 * It reads characters directly (no separate token array): HCL is context-sensitive enough
 * (templates, heredocs, newline-significant bodies and objects) that a scanner-less recursive
 * descent is both the simplest and the fastest shape. Every loop consumes input or stops,
 * nesting is capped, the number of diagnostics is capped, and the parser never throws.
 *
 * Split along its seams as HashiCorp's own parser is: scanner.ts (text, positions, trivia, skipping),
 * expressions.ts, templates.ts (strings, interpolations, directives, heredocs) and bodies.ts
 * (attributes and blocks), each a class built on the one before it. This file is the entry point.
 */
import type { HclFile } from './ast';
import { HclParser } from './bodies';

export { MAX_DIAGNOSTICS, MAX_NESTING_DEPTH, MAX_TERMS_PER_CHAR } from './scanner';

/** Parses the text of one `.tf` file. Never throws; syntax problems are returned in `errors`. */
export function parseHcl(text: string, path: string): HclFile {
  return parseHclCountingWork(text, path).file;
}

/** `parseHcl`, plus the number of terms the parser read (re-reads after error recovery included): the measure of its work. */
export function parseHclCountingWork(text: string, path: string): { file: HclFile; terms: number } {
  const parser = new HclParser(text);
  const body = parser.parseFile();
  return { file: { path, text, body, comments: parser.comments, errors: parser.errors }, terms: parser.termCount };
}
