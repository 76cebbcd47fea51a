/**
 * Real Terraform as a judge, offline: finds `terraform` and the AWS provider's filesystem mirror,
 * writes a CLI configuration that installs the provider from the mirror only (and links it from
 * there instead of copying 700 MB per folder), and validates many module trees in one
 * `terraform init` + `terraform validate` run.
 *
 * Batching: every tree becomes a child module of one generated root (`module "t12" { source = "./t12" }`),
 * so the provider's schema is loaded once for hundreds of trees. Terraform stops before its graph walk
 * when any module has a configuration-loading error (a duplicate resource, for instance), and a
 * module call that misses a required variable stops it too; the root therefore carries a sentinel
 * reference that only the walk reports. Until the sentinel shows up, trees with loading errors are
 * recorded and taken out, missing variables are passed as `null`, and the batch runs again.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseHcl } from '../../src/core/hcl/parser';

/** One diagnostic of `terraform validate -json`, with its file relative to the tree it belongs to. */
export interface TfDiagnostic {
  severity: 'error' | 'warning';
  summary: string;
  detail: string;
  /** Path relative to the tree's folder ('' when terraform gave none). */
  file: string;
  line: number;
}

/** A tree to validate: files relative to its folder, and the module folders (relative) that are roots. */
export interface TfTree {
  id: string;
  files: Map<string, string>;
  /** Root module folders inside the tree ('.' for the tree itself). */
  roots: string[];
}

/** What terraform said about one tree. */
export interface TfResult {
  diagnostics: TfDiagnostic[];
  /** Set when the tree could not be validated at all (init rejected it); the message says why. */
  initError?: string;
}

let terraformVersion: string | undefined;

/** The `terraform version` line; throws a clear error when terraform is not on PATH. */
export function requireTerraform(): string {
  if (terraformVersion === undefined) {
    const result = spawnSync('terraform', ['version'], { encoding: 'utf8', timeout: 30_000 });
    if (result.error || result.status !== 0) {
      throw new Error(
        'terraform is not on PATH (or does not run): the Terraform-backed tests need Terraform 1.x. ' +
          `Install it, or run only \`npm run test:unit\`. (${result.error?.message ?? result.stderr})`,
      );
    }
    terraformVersion = result.stdout.split('\n')[0];
  }
  return terraformVersion;
}

const PROVIDER_PATH = path.join('registry.terraform.io', 'hashicorp', 'aws');

function isMirror(dir: string): boolean {
  try {
    const base = path.join(dir, PROVIDER_PATH);
    return fs.readdirSync(base).some((version) => {
      const platform = path.join(base, version, 'linux_amd64');
      return fs.existsSync(platform) && fs.readdirSync(platform).some((f) => f.startsWith('terraform-provider-aws'));
    });
  } catch {
    return false;
  }
}

let mirror: string | undefined;

/**
 * The folder that holds `registry.terraform.io/hashicorp/aws/<version>/linux_amd64/terraform-provider-aws*`:
 * `PECR_TF_PLUGIN_DIR` when set, else the usual places, else a search of the file system.
 * Throws a clear error when there is none (nothing is ever downloaded).
 */
export function findProviderMirror(): string {
  if (mirror) return mirror;
  const candidates = [
    process.env.PECR_TF_PLUGIN_DIR,
    '/opt/tf-plugins',
    path.join(os.homedir(), '.terraform.d', 'plugins'),
    path.join(os.homedir(), '.local', 'share', 'terraform', 'plugins'),
    '/usr/local/share/terraform/plugins',
    '/usr/share/terraform/plugins',
  ].filter((c): c is string => Boolean(c));
  for (const candidate of candidates) {
    if (isMirror(candidate)) return (mirror = candidate);
  }
  const found = spawnSync('find', ['/', '-xdev', '-maxdepth', '8', '-name', 'terraform-provider-aws*', '-path', '*linux_amd64*'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  for (const line of (found.stdout ?? '').split('\n').filter(Boolean)) {
    // <mirror>/registry.terraform.io/hashicorp/aws/<version>/linux_amd64/<file>: six levels up.
    let dir = line;
    for (let i = 0; i < 6; i++) dir = path.dirname(dir);
    if (isMirror(dir)) return (mirror = dir);
  }
  throw new Error(
    'No AWS provider mirror found (a folder with registry.terraform.io/hashicorp/aws/<version>/linux_amd64/terraform-provider-aws*). ' +
      'The Terraform-backed tests never download providers: set PECR_TF_PLUGIN_DIR to a filesystem mirror ' +
      '(`terraform providers mirror <dir>` on a connected machine) or install one at /opt/tf-plugins.',
  );
}

let cliConfig: string | undefined;

/**
 * A CLI configuration that installs hashicorp/aws from the mirror and nothing from anywhere else,
 * and uses the mirror as plugin cache so `init` links the provider instead of copying it.
 */
export function terraformEnv(): NodeJS.ProcessEnv {
  if (!cliConfig) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pecr-tfrc-'));
    cliConfig = path.join(dir, 'terraform.tfrc');
    const m = JSON.stringify(findProviderMirror());
    fs.writeFileSync(
      cliConfig,
      [
        'provider_installation {',
        `  filesystem_mirror {`,
        `    path    = ${m}`,
        `    include = ["registry.terraform.io/hashicorp/*"]`,
        '  }',
        '}',
        `plugin_cache_dir = ${m}`,
        'plugin_cache_may_break_dependency_lock_file = true',
        '',
      ].join('\n'),
    );
  }
  return {
    ...process.env,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    TF_REGISTRY_DISCOVERY_RETRY: '0',
  };
}

/** Runs terraform in `cwd`; never throws for a non-zero status. */
export function runTerraform(
  cwd: string,
  args: string[],
  timeoutMs = 600_000,
  extraEnv: NodeJS.ProcessEnv = {},
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('terraform', args, {
    cwd,
    env: { ...terraformEnv(), ...extraEnv },
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw new Error(`terraform ${args.join(' ')} in ${cwd}: ${result.error.message}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `terraform init` for an offline test folder: no backend, no input, provider from the mirror. */
export function terraformInit(cwd: string): { status: number | null; stdout: string; stderr: string } {
  return runTerraform(cwd, ['init', '-backend=false', '-input=false', '-no-color']);
}

/**
 * Module sources that `terraform init` would fetch over the network (registry, git, http, s3 ...).
 * Trees that use one cannot be judged offline; the caller reports them as skipped.
 */
export function remoteModuleSources(files: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [rel, text] of files) {
    if (!rel.endsWith('.tf')) continue;
    for (const m of text.matchAll(/^\s*module\s+"[^"]*"\s*\{([\s\S]*?)^\}/gm)) {
      const source = /^\s*source\s*=\s*"([^"]*)"/m.exec(m[1]);
      if (source && !source[1].startsWith('./') && !source[1].startsWith('../')) out.push(`${rel}: ${source[1]}`);
      if (source && source[1].includes('${')) out.push(`${rel}: ${source[1]}`);
    }
  }
  return out;
}

/** Reads a folder into a relative-path → text map (skipping `.terraform`). */
export function readTree(dir: string, skip: (rel: string) => boolean = () => false): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      const rel = path.relative(dir, full).split(path.sep).join('/');
      if (entry.name === '.terraform' || skip(rel)) continue;
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.set(rel, fs.readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

/** Writes a relative-path → text map under `dir`. */
export function writeFiles(dir: string, files: Map<string, string>): void {
  for (const [rel, text] of files) {
    const full = path.join(dir, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
  }
}

const SENTINEL = 'pecr_walk_sentinel';

function debug(message: string): void {
  if (process.env.PECR_TF_DEBUG) process.stderr.write(`[terraform harness] ${message}\n`);
}

interface RawDiagnostic {
  severity: 'error' | 'warning';
  summary: string;
  detail?: string;
  range?: { filename: string; start: { line: number } };
}

/**
 * Validates every tree in one batch (see the file comment). Returns a result per tree id.
 * `work` is left on disk for inspection when `keep` is set.
 */
export function validateTrees(trees: TfTree[], options: { keep?: boolean } = {}): Map<string, TfResult> {
  const results = new Map<string, TfResult>();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pecr-validate-'));
  // Module keys: t<index>_<rootIndex>; folder t<index> holds the tree.
  const pending = new Map<string, TfTree>(trees.map((t) => [t.id, t]));
  const folderOf = new Map<string, string>();
  trees.forEach((t, i) => {
    folderOf.set(t.id, `t${i}`);
    writeFiles(path.join(work, `t${i}`), t.files);
    results.set(t.id, { diagnostics: [] });
  });
  const treeOfFolder = new Map([...folderOf].map(([id, folder]) => [folder, id]));
  const nullArgs = new Map<string, Set<string>>(); // module key → variables passed as null
  // Variables without a default would stop the walk ("Missing required argument"): pass them as null up front.
  trees.forEach((tree, i) => {
    tree.roots.forEach((root, r) => {
      const names = new Set<string>();
      for (const [rel, text] of tree.files) {
        if (!rel.endsWith('.tf') || path.posix.dirname(rel) !== (root === '.' ? '.' : root)) continue;
        for (const item of parseHcl(text, rel).body.items) {
          if (item.kind !== 'block' || item.type !== 'variable' || item.labels.length !== 1) continue;
          if (!item.body.items.some((x) => x.kind === 'attribute' && x.name === 'default')) names.add(item.labels[0]);
        }
      }
      if (names.size > 0) nullArgs.set(`t${i}_${r}`, names);
    });
  });
  let needsInit = true;

  const moduleKey = (treeIndex: number, rootIndex: number) => `t${treeIndex}_${rootIndex}`;
  const writeRoot = () => {
    const lines: string[] = [];
    trees.forEach((tree, i) => {
      if (!pending.has(tree.id)) return;
      tree.roots.forEach((root, r) => {
        const key = moduleKey(i, r);
        const source = root === '.' ? `./t${i}` : `./t${i}/${root}`;
        lines.push(`module "${key}" {`, `  source = "${source}"`);
        for (const name of nullArgs.get(key) ?? []) lines.push(`  ${name} = null`);
        lines.push('}', '');
      });
    });
    lines.push(`output "${SENTINEL}" {`, `  value = var.${SENTINEL}`, '}', '');
    fs.writeFileSync(path.join(work, 'main.tf'), lines.join('\n'));
  };
  const keyToTree = (key: string): string | undefined => {
    const m = /^t(\d+)_\d+$/.exec(key);
    return m ? trees[Number(m[1])]?.id : undefined;
  };
  const split = (filename: string): { id?: string; file: string } => {
    const parts = filename.split('/');
    const id = treeOfFolder.get(parts[0]);
    return id ? { id, file: parts.slice(1).join('/') } : { file: filename };
  };

  try {
    for (let attempt = 0; attempt < 50 && pending.size > 0; attempt++) {
      writeRoot();
      const t0 = Date.now();
      const init = needsInit ? terraformInit(work) : { status: 0, stdout: '', stderr: '' };
      if (needsInit) debug(`init #${attempt}: status ${init.status}, ${pending.size} trees, ${Date.now() - t0} ms`);
      needsInit = false;
      if (init.status !== 0) {
        needsInit = true;
        // Name the trees init complained about ("on t12/main.tf line 3"), record and drop them.
        const culprits = new Set<string>();
        // Tree folders (t12/...) and module keys (t12_0) named anywhere in the messages.
        for (const m of init.stderr.matchAll(/(?<![A-Za-z0-9_.-])t(\d+)(?:\/|_\d+)/g)) {
          const id = trees[Number(m[1])]?.id;
          if (id && pending.has(id)) culprits.add(id);
        }
        if (culprits.size === 0) throw new Error(`terraform init failed on the batch and named no tree:\n${init.stderr}`);
        for (const id of culprits) {
          results.set(id, { diagnostics: [], initError: init.stderr.trim() });
          pending.delete(id);
        }
        continue;
      }
      const t1 = Date.now();
      const validate = runTerraform(work, ['validate', '-json', '-no-color']);
      debug(`validate #${attempt}: ${Date.now() - t1} ms`);
      let parsed: { diagnostics?: RawDiagnostic[] };
      try {
        parsed = JSON.parse(validate.stdout) as { diagnostics?: RawDiagnostic[] };
      } catch {
        throw new Error(`terraform validate printed no JSON:\n${validate.stdout}\n${validate.stderr}`);
      }
      const diagnostics = parsed.diagnostics ?? [];
      const walked = diagnostics.some((d) => d.range?.filename === 'main.tf' && (d.detail ?? '').includes(SENTINEL));
      if (walked) {
        for (const d of diagnostics) {
          const where = split(d.range?.filename ?? '');
          if (!where.id || !pending.has(where.id)) continue;
          results.get(where.id)!.diagnostics.push({
            severity: d.severity,
            summary: d.summary,
            detail: d.detail ?? '',
            file: where.file,
            line: d.range?.start.line ?? 0,
          });
        }
        break;
      }
      // The walk did not run: pass missing variables as null, take out trees with loading errors.
      let progressed = false;
      const rootText = fs.readFileSync(path.join(work, 'main.tf'), 'utf8').split('\n');
      for (const d of diagnostics) {
        if (d.severity !== 'error') continue;
        const file = d.range?.filename ?? '';
        if (file === 'main.tf') {
          const missing = /The argument "([^"]+)" is required/.exec(d.detail ?? '');
          // Find the module block the diagnostic's line belongs to.
          let line = (d.range?.start.line ?? 1) - 1;
          while (line >= 0 && !/^module "/.test(rootText[line])) line--;
          const key = line >= 0 ? /^module "([^"]+)"/.exec(rootText[line])![1] : undefined;
          if (missing && key) {
            const set = nullArgs.get(key) ?? new Set<string>();
            if (!set.has(missing[1])) {
              set.add(missing[1]);
              nullArgs.set(key, set);
              progressed = true;
            }
          } else if (key) {
            const id = keyToTree(key);
            if (id && pending.has(id)) {
              results.get(id)!.diagnostics.push({ severity: 'error', summary: d.summary, detail: d.detail ?? '', file: '', line: 0 });
              pending.delete(id);
              progressed = true;
              needsInit = true;
            }
          }
          continue;
        }
        const where = split(file);
        if (where.id && pending.has(where.id)) {
          const id = where.id;
          for (const other of diagnostics) {
            const w = split(other.range?.filename ?? '');
            if (w.id !== id) continue;
            results.get(id)!.diagnostics.push({
              severity: other.severity,
              summary: other.summary,
              detail: other.detail ?? '',
              file: w.file,
              line: other.range?.start.line ?? 0,
            });
          }
          pending.delete(id);
          progressed = true;
          needsInit = true;
        }
      }
      if (!progressed) {
        throw new Error(
          `terraform validate stopped before its graph walk for a reason this harness cannot attribute:\n${JSON.stringify(diagnostics, null, 2)}`,
        );
      }
    }
  } finally {
    if (!options.keep) fs.rmSync(work, { recursive: true, force: true });
  }
  return results;
}

/** The errors of `after` that `before` does not have (compared by file, summary and detail, as multisets). */
export function newErrors(before: TfDiagnostic[], after: TfDiagnostic[]): TfDiagnostic[] {
  const key = (d: TfDiagnostic) => `${d.file}|${d.summary}|${d.detail.replace(/\d+,\d+-\d+/g, '')}`;
  const counts = new Map<string, number>();
  for (const d of before) if (d.severity === 'error') counts.set(key(d), (counts.get(key(d)) ?? 0) + 1);
  const out: TfDiagnostic[] = [];
  for (const d of after) {
    if (d.severity !== 'error') continue;
    const n = counts.get(key(d)) ?? 0;
    if (n > 0) counts.set(key(d), n - 1);
    else out.push(d);
  }
  return out;
}

/** One line per diagnostic, for assertion messages. */
export function describeDiagnostics(list: TfDiagnostic[]): string {
  return list.map((d) => `${d.file}:${d.line}: ${d.summary}: ${d.detail.split('\n')[0]}`).join('\n');
}
