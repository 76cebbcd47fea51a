/**
 * Adds HashiCorp's own wording to syntax findings: for each file our tolerant parser rejected, the
 * reference parser (hcl2json, HashiCorp's HCL compiled to WebAssembly) is asked too, and its first
 * diagnostic — the text `terraform validate` would print — is appended to the first finding of
 * that file.
 *
 * The reference parser is bounded like the rest of the analysis: files larger than
 * MAX_REFERENCE_BYTES or nested deeper than MAX_REFERENCE_DEPTH keep our parser's message only
 * (deep nesting overflows the WebAssembly stack and can leave the Go runtime dead or hung), each
 * call has a time limit, and a crash or time-out is returned in `failures` — never swallowed, never
 * a promise that does not settle — while every finding is still returned.
 */
import type { Finding } from '../findings';
import { MAX_REFERENCE_BYTES, MAX_REFERENCE_DEPTH, parseWithHcl2json } from './hcl2json';

/** A file whose reference check failed (the parser crashed or timed out), as opposed to one it rejected. */
export interface SyntaxWordingFailure {
  file: string;
  message: string;
}

/** The findings (with Terraform's wording where it could be had) and the files whose check failed. */
export interface SyntaxWording {
  findings: Finding[];
  failures: SyntaxWordingFailure[];
}

/** Returns the findings with Terraform's message added to the first `hcl-syntax` finding of each file. Never rejects. */
export async function addTerraformSyntaxMessages(
  findings: Finding[],
  readText: (path: string) => string | undefined,
): Promise<SyntaxWording> {
  const firstByFile = new Map<string, number>();
  findings.forEach((f, i) => {
    // hcl2json reads native syntax only: a JSON file (.tf.json, .tfvars.json) keeps the JSON parser's message.
    if (f.ruleId === 'hcl-syntax' && f.file && !f.file.endsWith('.json') && !firstByFile.has(f.file)) firstByFile.set(f.file, i);
  });
  const failures: SyntaxWordingFailure[] = [];
  if (firstByFile.size === 0) return { findings, failures };
  const out = findings.slice();
  // One file at a time: the Go runtime is a single instance, and a crash on one file must not take the others' answers with it.
  for (const [file, index] of firstByFile) {
    let text: string | undefined;
    try {
      text = readText(file);
    } catch {
      text = undefined;
    }
    if (text === undefined) continue;
    const result = await parseWithHcl2json(file, text);
    if (result.ok) continue;
    if (result.stage === 'skipped') continue; // deliberately not asked (too large or too deep): not a failure
    if (result.stage === 'crash' || result.stage === 'timeout' || result.stage === 'load') {
      failures.push({ file, message: result.message });
      continue;
    }
    if (result.stage !== 'parse') continue;
    const where = result.line !== undefined ? `, line ${result.line}${result.column !== undefined ? ` column ${result.column}` : ''}` : '';
    out[index] = { ...out[index], message: `${out[index].message} (Terraform${where}: ${result.message.replace(/\.$/, '')})` };
  }
  return { findings: out, failures };
}

export { MAX_REFERENCE_BYTES, MAX_REFERENCE_DEPTH };
