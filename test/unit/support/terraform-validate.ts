/**
 * Real `terraform validate` over fixture outputs, offline: the AWS provider comes from a filesystem
 * mirror found on this machine (`terraform init -backend=false -plugin-dir=<mirror>`). Loading the
 * provider schema is the slow part, so many configurations are validated at once as child modules
 * of one generated root.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const MIRROR_CANDIDATES = [
  process.env.PECR_TF_PLUGIN_MIRROR,
  '/opt/tf-plugins',
  path.join(os.homedir(), '.terraform.d', 'plugins'),
  path.join(os.homedir(), '.local', 'share', 'terraform', 'plugins'),
  '/usr/local/share/terraform/plugins',
  '/usr/share/terraform/plugins',
];

/** True when `dir` holds `registry.terraform.io/hashicorp/aws/<version>/<os_arch>/terraform-provider-aws*`. */
function holdsAwsProvider(dir: string): boolean {
  const aws = path.join(dir, 'registry.terraform.io', 'hashicorp', 'aws');
  if (!fs.existsSync(aws)) return false;
  for (const version of fs.readdirSync(aws)) {
    const platform = path.join(aws, version, `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`);
    if (fs.existsSync(platform) && fs.readdirSync(platform).some((f) => f.startsWith('terraform-provider-aws'))) return true;
  }
  return false;
}

/** The provider mirror folder (the one that contains `registry.terraform.io`); throws a clear message when none is found. */
export function findProviderMirror(): string {
  for (const candidate of MIRROR_CANDIDATES) if (candidate && holdsAwsProvider(candidate)) return candidate;
  throw new Error(
    `No AWS provider mirror found (looked in ${MIRROR_CANDIDATES.filter(Boolean).join(', ')}). ` +
      'Set PECR_TF_PLUGIN_MIRROR to a folder holding registry.terraform.io/hashicorp/aws/<version>/<os_arch>/terraform-provider-aws_*.',
  );
}

/** True when every `source = "..."` of a module call under `dir` is a local path (a registry module cannot be fetched offline). */
export function usesOnlyLocalModules(dir: string): boolean {
  const walk = (d: string): string[] =>
    fs
      .readdirSync(d, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.tf') ? [path.join(d, e.name)] : []));
  for (const file of walk(dir)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(/^\s*module\s+"[^"]+"\s*\{[^]*?^\s*source\s*=\s*"([^"]*)"/gm)) {
      if (!match[1].startsWith('./') && !match[1].startsWith('../')) return false;
    }
  }
  return true;
}

/** What one combined validate run found. */
export interface ValidateResult {
  valid: boolean;
  /** terraform's errors (`terraform validate -json`), with the file (which names the configuration) and line. */
  problems: string[];
  /** terraform's warnings, in the same form. */
  warnings: string[];
}

/**
 * Validates each configuration folder (copied, so the originals are untouched) as a child module of
 * one generated root. `configurations` maps a name (letters, digits, `_`) to a folder.
 */
export function validateConfigurations(configurations: Map<string, string>): ValidateResult {
  const mirror = findProviderMirror();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pecr-validate-'));
  try {
    const calls: string[] = [];
    for (const [name, dir] of configurations) {
      fs.cpSync(dir, path.join(root, name), { recursive: true });
      calls.push(`module "${name}" {\n  source = "./${name}"\n}\n`);
    }
    fs.writeFileSync(path.join(root, 'main.tf'), calls.join('\n'));
    const env = { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
    const init = spawnSync('terraform', ['init', '-backend=false', `-plugin-dir=${mirror}`, '-input=false', '-no-color'], {
      cwd: root,
      encoding: 'utf8',
      env,
      timeout: 120_000,
    });
    if (init.status !== 0) return { valid: false, problems: [`terraform init failed: ${init.stdout}${init.stderr}`], warnings: [] };
    const validate = spawnSync('terraform', ['validate', '-json', '-no-color'], { cwd: root, encoding: 'utf8', env, timeout: 180_000 });
    const report = JSON.parse(validate.stdout) as {
      valid: boolean;
      diagnostics: Array<{ severity: string; summary: string; detail?: string; range?: { filename: string; start: { line: number } } }>;
    };
    const describe = (d: (typeof report.diagnostics)[number]) =>
      `${d.range ? `${d.range.filename}:${d.range.start.line}: ` : ''}${d.summary}${d.detail ? ` (${d.detail})` : ''}`;
    return {
      valid: report.valid,
      problems: report.diagnostics.filter((d) => d.severity === 'error').map(describe),
      warnings: report.diagnostics.filter((d) => d.severity !== 'error').map(describe),
    };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
