/**
 * Regenerates test/fixtures/functions/console-table.json: Terraform's own answers for a few
 * hundred function expressions, from the real `terraform console` (offline; no provider needed).
 * The unit test test/unit/model/functions-table.test.ts compares the checker's evaluator with the
 * table, so Terraform is needed only to regenerate it.
 *
 *   npx tsx scripts/gen-function-table.ts [--terraform <path>]
 *
 * Expressions run in a copy of test/fixtures/functions/module (variables without values are
 * unknown there; `var.secret` is sensitive). Each console run evaluates a batch as one tuple of
 * `try(jsonencode(expr), "!ERROR")`, so an unknown or a failure in one expression does not hide
 * the others; a batch that fails as a whole is retried one expression at a time.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { functionTableExpressions } from '../test/fixtures/functions/expressions';

const root = path.resolve(__dirname, '..');
const moduleDir = path.join(root, 'test', 'fixtures', 'functions', 'module');
const tableFile = path.join(root, 'test', 'fixtures', 'functions', 'console-table.json');
const BATCH = 80;
const ERROR_MARK = '!ERROR';

/** Terraform's answer for one expression: its `jsonencode` text, or what kept it from having one. */
export type ConsoleAnswer = { result: 'known'; json: string } | { result: 'unknown' } | { result: 'sensitive' } | { result: 'error' };

function terraformBinary(): string {
  const at = process.argv.indexOf('--terraform');
  return at > 0 ? process.argv[at + 1] : 'terraform';
}

/** Undoes the quoting of one string as the console prints it (backslash escapes; `${` is printed as is). */
function unquote(text: string): string {
  let out = '';
  for (let i = 1; i < text.length - 1; i++) {
    const c = text[i];
    if (c === '\\') {
      const n = text[++i];
      if (n === 'n') out += '\n';
      else if (n === 't') out += '\t';
      else if (n === 'r') out += '\r';
      else if (n === 'u') {
        out += String.fromCharCode(parseInt(text.slice(i + 1, i + 5), 16));
        i += 4;
      } else if (n === 'U') {
        out += String.fromCodePoint(parseInt(text.slice(i + 1, i + 9), 16));
        i += 8;
      } else out += n;
    } else out += c;
  }
  return out;
}

function parseElement(line: string): ConsoleAnswer {
  const item = line.trim().replace(/,$/, '');
  if (item === '(known after apply)') return { result: 'unknown' };
  if (item === '(sensitive value)') return { result: 'sensitive' };
  if (item.startsWith('"')) {
    const text = unquote(item);
    return text === ERROR_MARK ? { result: 'error' } : { result: 'known', json: text };
  }
  throw new Error(`unexpected console output line: ${line}`);
}

/** Runs one batch through the console; undefined when the console rejects the batch as a whole. */
function runBatch(terraform: string, dir: string, expressions: string[]): ConsoleAnswer[] | undefined {
  // The console reads one line at a time: the whole batch is one line.
  const input = '[' + expressions.map((e) => `try(jsonencode(${e}), "${ERROR_MARK}")`).join(', ') + ']\n';
  const run = spawnSync(terraform, ['console', '-no-color'], {
    cwd: dir,
    input,
    encoding: 'utf8',
    env: { ...process.env, TF_IN_AUTOMATION: '1' },
    timeout: 120_000,
  });
  if (run.status !== 0) return undefined;
  const lines = run.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines[0] !== '[' || lines[lines.length - 1] !== ']') return undefined;
  const answers = lines.slice(1, -1).map(parseElement);
  return answers.length === expressions.length ? answers : undefined;
}

function main(): void {
  const terraform = terraformBinary();
  const version = spawnSync(terraform, ['version', '-json'], { encoding: 'utf8' });
  if (version.status !== 0) {
    console.error(
      `gen-function-table: cannot run "${terraform} version" (${version.error?.message ?? version.stderr}); install Terraform 1.11 or pass --terraform <path>`,
    );
    process.exit(2);
  }
  const terraformVersion = (JSON.parse(version.stdout) as { terraform_version: string }).terraform_version;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pecr-fn-table-'));
  fs.cpSync(moduleDir, dir, { recursive: true });
  const expressions = functionTableExpressions();
  const entries: Array<{ expr: string } & ConsoleAnswer> = [];
  let runs = 0;
  try {
    for (let start = 0; start < expressions.length; start += BATCH) {
      const batch = expressions.slice(start, start + BATCH);
      runs++;
      let answers = runBatch(terraform, dir, batch);
      if (!answers) {
        answers = batch.map((e) => {
          runs++;
          return runBatch(terraform, dir, [e])?.[0] ?? { result: 'error' as const };
        });
      }
      batch.forEach((expr, i) => entries.push({ expr, ...answers![i] }));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const table = { terraformVersion, generatedBy: 'scripts/gen-function-table.ts', entries };
  fs.writeFileSync(tableFile, JSON.stringify(table, null, 1) + '\n');
  const counts = entries.reduce<Record<string, number>>((acc, e) => ((acc[e.result] = (acc[e.result] ?? 0) + 1), acc), {});
  console.log(
    `${entries.length} expressions in ${runs} console runs (Terraform ${terraformVersion}): ${JSON.stringify(counts)} -> ${path.relative(root, tableFile)}`,
  );
}

main();
