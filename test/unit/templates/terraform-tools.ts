/**
 * The two outside judges of a template's text: `@cdktf/hcl2json` (does it parse?) and `terraform fmt`
 * (is it already in canonical layout?). `terraform fmt -` needs no providers or init.
 */
import { spawnSync } from 'node:child_process';
import { parse } from '@cdktf/hcl2json';

/** A resource block as hcl2json returns it: attribute name → JSON value (expressions as "${...}" strings). */
export type ResourceBody = Record<string, unknown>;

/** The `resource` part of hcl2json's output: type → name → list of bodies. */
export type ParsedResources = Record<string, Record<string, ResourceBody[]>>;

/** Parses Terraform text with hcl2json; rejects with the parser's message on a syntax error. */
export async function parseResources(fileName: string, text: string): Promise<ParsedResources> {
  const json = (await parse(fileName, text)) as { resource?: ParsedResources };
  return json.resource ?? {};
}

let terraformChecked: boolean | undefined;

/** Whether a `terraform` binary is on PATH (the fmt checks are skipped, visibly, without one). */
export function terraformAvailable(): boolean {
  if (terraformChecked === undefined) {
    const result = spawnSync('terraform', ['version'], { encoding: 'utf8', timeout: 15_000 });
    terraformChecked = result.status === 0;
  }
  return terraformChecked;
}

/** What `terraform fmt -` makes of the text; throws with terraform's own message if it rejects the text. */
export function terraformFmt(text: string): string {
  const result = spawnSync('terraform', ['fmt', '-no-color', '-'], { input: text, encoding: 'utf8', timeout: 30_000 });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`terraform fmt failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}
