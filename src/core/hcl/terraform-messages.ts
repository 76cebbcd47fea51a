/**
 * Adds HashiCorp's own wording to syntax findings: for each file our tolerant parser rejected, the
 * reference parser (hcl2json, HashiCorp's HCL compiled to WebAssembly) is asked too, and its first
 * diagnostic — the text `terraform validate` would print — is appended to the first finding of
 * that file. Large files are left alone: the reference parser reads well under 1 MB/s.
 */
import type { Finding } from '../findings';
import { parseWithHcl2json } from './hcl2json';

/** Files larger than this keep our parser's message only. */
const MAX_CONFIRM_BYTES = 512 * 1024;

/** Returns the findings with Terraform's message added to the first `hcl-syntax` finding of each file. */
export async function addTerraformSyntaxMessages(findings: Finding[], readText: (path: string) => string | undefined): Promise<Finding[]> {
  const firstByFile = new Map<string, number>();
  findings.forEach((f, i) => {
    // hcl2json reads native syntax only: a JSON file (.tf.json, .tfvars.json) keeps the JSON parser's message.
    if (f.ruleId === 'hcl-syntax' && f.file && !f.file.endsWith('.json') && !firstByFile.has(f.file)) firstByFile.set(f.file, i);
  });
  if (firstByFile.size === 0) return findings;
  const out = findings.slice();
  await Promise.all(
    [...firstByFile].map(async ([file, index]) => {
      const text = readText(file);
      if (text === undefined || text.length > MAX_CONFIRM_BYTES) return;
      const result = await parseWithHcl2json(file, text);
      if (result.ok || result.stage !== 'parse') return;
      const where = result.line !== undefined ? `, line ${result.line}${result.column !== undefined ? ` column ${result.column}` : ''}` : '';
      out[index] = { ...out[index], message: `${out[index].message} (Terraform${where}: ${result.message.replace(/\.$/, '')})` };
    }),
  );
  return out;
}
