/**
 * Cost of fixing many findings at once (prints figures; asserts nothing): the private-DNS fixture
 * with N more interface endpoints that lack `private_dns_enabled`, analysed (which computes every
 * finding's fix) and then fixed with fix-all (what `--fix` does, without writing). With fix-all
 * applying every independent fix of a round together, the rounds stay at two whatever N is.
 *
 *   npx tsx bench/fix.ts [--endpoints 8000]
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyzePaths } from '../src/core/analyze';
import { applyEdits } from '../src/core/fixes/apply';
import { fixAllInMemory } from '../src/core/fixes/fix-all';
import { DiskReader } from '../src/core/model/source';

const repo = path.resolve(__dirname, '..');
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

const endpoints = arg('endpoints', 8000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pecr-bench-fix-'));
try {
  const source = path.join(repo, 'test/fixtures/rules/endpoint-private-dns/invalid/unset');
  for (const name of ['ecs.tf', 'endpoints.tf', 'network.tf']) fs.copyFileSync(path.join(source, name), path.join(dir, name));
  const parts: string[] = [];
  for (let i = 0; i < endpoints; i++) {
    parts.push(`
resource "aws_vpc_endpoint" "extra_${i}" {
  vpc_id             = aws_vpc.main.id
  service_name       = "com.amazonaws.\${var.region}.ecr.dkr"
  vpc_endpoint_type  = "Interface"
  subnet_ids         = [aws_subnet.private_a.id, aws_subnet.private_b.id]
  security_group_ids = [aws_security_group.vpc_endpoint.id]
}
`);
  }
  fs.appendFileSync(path.join(dir, 'endpoints.tf'), parts.join(''));
  const bytes = fs.statSync(path.join(dir, 'endpoints.tf')).size;

  let started = performance.now();
  const analysis = analyzePaths([dir]);
  const analyseMs = performance.now() - started;
  const fixable = analysis.findings.filter((f) => f.fixes && f.fixes.length > 0);

  // Applying every fix's edits to the file in one pass.
  const file = path.join(dir, 'endpoints.tf');
  const text = fs.readFileSync(file, 'utf8');
  const edits = fixable.flatMap((f) => f.fixes![0].edits).filter((e) => e.file === file);
  started = performance.now();
  applyEdits(text, edits);
  const applyMs = performance.now() - started;

  let analyses = 0;
  started = performance.now();
  const result = fixAllInMemory([dir], new DiskReader(), () => true, {
    analyze: (paths, options) => {
      analyses++;
      return analyzePaths(paths, options);
    },
  });
  const fixAllMs = performance.now() - started;

  console.log(`endpoints.tf: ${endpoints + 3} endpoints, ${(bytes / 1048576).toFixed(1)} MB`);
  console.log(`analysis with fixes computed: ${analyseMs.toFixed(0)} ms (${fixable.length} fixable findings)`);
  console.log(`applying ${edits.length} edits in one pass: ${applyMs.toFixed(1)} ms`);
  console.log(
    `fix-all: ${fixAllMs.toFixed(0)} ms, ${result.applied.length} fixes applied in ${analyses} analyses, ${result.problems.length} problems`,
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
