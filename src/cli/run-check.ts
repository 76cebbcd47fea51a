/**
 * `private-ecr check`: optionally applies every fix (`--fix`), then analyses the paths, adds
 * Terraform's own wording to syntax errors and prints the findings. Returns the exit code.
 */
import * as fs from 'fs';
import { analyzePaths } from '../core/analyze';
import { fixAllInMemory } from '../core/fixes/fix-all';
import { addTerraformSyntaxMessages } from '../core/hcl/terraform-messages';
import { DiskReader } from '../core/model/source';
import { parseCheckArgs, type CheckOptions } from './check-options';
import { formatFindings, relative, type Output } from './output';

/** Applies every fix (see fixAllInMemory), writes the changed files, and says what it did on stderr. */
function applyAllFixes(options: CheckOptions, out: Output): number {
  const result = fixAllInMemory(options.paths, new DiskReader(), () => true, { ruleIds: options.ruleIds, severities: options.severities });
  for (const fix of result.applied) out.stderr(`fixed: ${relative(fix.file)} ${fix.ruleId}: ${fix.title}\n`);
  for (const [file, text] of result.texts) fs.writeFileSync(file, text);
  return result.applied.length;
}

/** Runs `check` with the arguments after the command name. */
export async function runCheck(args: string[], out: Output, version: string): Promise<number> {
  const options = parseCheckArgs(args);
  if (options.fix) {
    const applied = applyAllFixes(options, out);
    out.stderr(`${applied} fix${applied === 1 ? '' : 'es'} applied\n`);
  }
  const reader = new DiskReader();
  const analysed = analyzePaths(options.paths, { reader, ruleIds: options.ruleIds, severities: options.severities }).findings;
  const findings = await addTerraformSyntaxMessages(analysed, (path) => {
    const read = reader.readText(path);
    return 'text' in read ? read.text : undefined;
  });
  out.stdout(formatFindings(findings, options.format, version));
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}
