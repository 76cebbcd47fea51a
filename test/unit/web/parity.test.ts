// The browser build finds what the CLI finds: every rule fixture analysed by the core as bundled for the
// browser (src/web/node-shims/ instead of Node's modules, the files in a MemoryTree) gives the same findings,
// positions and messages as the Node build reading the disk.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { analyzePaths } from '../../../src/core/analyze';
import type { Finding } from '../../../src/core/findings';
import { Configuration } from '../../../src/core/model/config';
import { ParseCache } from '../../../src/core/model/loader';
import { DiskReader } from '../../../src/core/model/source';
import { caseOptions, listFixtureCases } from '../rules/fixture-runner';
import { evaluateExpression } from './support/parity-entry';

type WebEntry = typeof import('./support/parity-entry');

function filesUnder(dir: string): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out[full] = new Uint8Array(fs.readFileSync(full));
    }
  };
  walk(dir);
  return out;
}

const shown = (findings: Finding[]) =>
  findings.map((f) => `${f.ruleId} ${f.severity} ${f.file}:${f.range?.start.line}:${f.range?.start.character} ${f.message}`).sort();

describe('web bundle: same findings as the Node build on every rule fixture', function () {
  this.timeout(300_000);
  let web: WebEntry;
  let outDir: string;
  before(async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'private-ecr-web-parity-'));
    const build = (await import(pathToFileURL(path.join(__dirname, '..', '..', '..', 'scripts', 'build.mjs')).href)) as {
      webBundleOptions(): esbuild.BuildOptions;
    };
    const outfile = path.join(outDir, 'parity.cjs');
    await esbuild.build({ ...build.webBundleOptions(), entryPoints: [path.join(__dirname, 'support', 'parity-entry.ts')], outfile });
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle is CommonJS, built just above
    web = require(outfile) as WebEntry;
  });
  after(() => fs.rmSync(outDir, { recursive: true, force: true }));

  const cases = listFixtureCases();
  it('has fixtures to compare', () => assert.ok(cases.length > 100, `only ${cases.length} fixtures`));
  for (const fixture of cases) {
    it(`${fixture.ruleId} ${fixture.kind}/${fixture.name}`, () => {
      const options = caseOptions(fixture.dir);
      const node = analyzePaths([fixture.dir], options).findings;
      const browser = web.analyzeInMemory(filesUnder(fixture.dir), [fixture.dir], options).findings;
      assert.deepEqual(shown(browser), shown(node));
    });
  }

  it('evaluates every expression of the function table as the Node build does (hashes and file functions included)', () => {
    const moduleDir = path.resolve(__dirname, '..', '..', 'fixtures', 'functions', 'module');
    const table = JSON.parse(fs.readFileSync(path.join(moduleDir, '..', 'console-table.json'), 'utf8')) as {
      entries: Array<{ expr: string }>;
    };
    const expressions = table.entries.map((e) => e.expr);
    const node = new Configuration(moduleDir, new DiskReader(), new ParseCache());
    const browser = web.evaluateInMemory(filesUnder(moduleDir), moduleDir, expressions);
    // What the browser cannot compute synchronously is unknown there (never a different value, never an error).
    const unknownInBrowser = /^(length\()?(base64gunzip|rsadecrypt)\(/;
    const differences: string[] = [];
    expressions.forEach((expr, i) => {
      const here = evaluateExpression(node, expr);
      const there = browser[i];
      if (unknownInBrowser.test(expr) && there.result === 'unknown') return;
      if (here.result !== there.result || here.json !== there.json)
        differences.push(`${expr}\n    node:    ${here.result} ${here.json ?? ''}\n    browser: ${there.result} ${there.json ?? ''}`);
    });
    assert.ok(expressions.length >= 300);
    assert.ok(
      expressions.some((e) => /^sha256\(|^filesha256\(|^uuidv5\(/.test(e)),
      'the table has hash expressions',
    );
    assert.deepEqual(differences, [], differences.join('\n  '));
  });
});
