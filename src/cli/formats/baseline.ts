/**
 * Baselines for adopting the checker on existing stacks: `--write-baseline FILE` records today's findings
 * by fingerprint (see fingerprint.ts), `--baseline FILE` reports only findings not in it. Counts matter:
 * two identical findings recorded once means the second one is new.
 */
import type { Finding } from '../../core/findings';
import { fingerprint } from './fingerprint';

/** The baseline file's content. */
export interface BaselineFile {
  version: 1;
  tool: 'private-ecr';
  findings: Array<{ fingerprint: string; ruleId: string; module: string; resource: string | null; file: string | null; message: string }>;
}

/** The baseline document for findings. */
export function makeBaseline(findings: Finding[], relative: (file: string | null) => string | null): BaselineFile {
  return {
    version: 1,
    tool: 'private-ecr',
    findings: findings.map((f) => ({
      fingerprint: fingerprint(f, relative(f.file)),
      ruleId: f.ruleId,
      module: f.module,
      resource: f.resource,
      file: relative(f.file),
      message: f.message,
    })),
  };
}

/** Parses a baseline file's text; throws an Error with a clear message when it is not one. */
export function parseBaseline(text: string, name: string): BaselineFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${name} is not a baseline: invalid JSON (${(error as Error).message})`, { cause: error });
  }
  const file = data as Partial<BaselineFile>;
  if (!file || typeof file !== 'object' || file.tool !== 'private-ecr' || file.version !== 1 || !Array.isArray(file.findings)) {
    throw new Error(`${name} is not a private-ecr baseline (write one with --write-baseline)`);
  }
  for (const entry of file.findings) {
    if (!entry || typeof entry.fingerprint !== 'string')
      throw new Error(`${name} is not a private-ecr baseline: an entry has no fingerprint`);
  }
  return file as BaselineFile;
}

/** Splits findings into new ones and those the baseline already holds (each recorded entry absorbs one finding). */
export function applyBaseline(
  findings: Finding[],
  baseline: BaselineFile,
  relative: (file: string | null) => string | null,
): { fresh: Finding[]; baselined: number } {
  const remaining = new Map<string, number>();
  for (const entry of baseline.findings) remaining.set(entry.fingerprint, (remaining.get(entry.fingerprint) ?? 0) + 1);
  const fresh: Finding[] = [];
  let baselined = 0;
  for (const f of findings) {
    const print = fingerprint(f, relative(f.file));
    const left = remaining.get(print) ?? 0;
    if (left > 0) {
      remaining.set(print, left - 1);
      baselined++;
    } else fresh.push(f);
  }
  return { fresh, baselined };
}
