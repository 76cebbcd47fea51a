/**
 * Regenerates test/fixtures/plans/: plans every example and rule fixture that Terraform can plan
 * offline against a real moto_server on 127.0.0.1 (provider from the local mirror), and writes each
 * `terraform show -json` output as a fixture, so the differential unit test runs without Terraform.
 *
 *   npx tsx scripts/gen-plans.ts [--only <substring>] [--shard <i>/<n>]
 *
 * index.json lists every case tried: planned, or why not (remote modules, Terraform's plan error).
 * With --shard, only that share of the cases is planned and the results are merged into index.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allCases } from '../test/terraform/cases';
import { findProviderMirror, requireTerraform } from '../test/terraform/harness';
import { normalizePlanJson, planAgainstMoto } from '../test/terraform/plan-scenarios';
import { startMotoServer } from '../test/moto/motoServer';

const OUT = path.resolve(__dirname, '../test/fixtures/plans');

/** One entry of index.json. */
export interface PlanIndexEntry {
  slug: string;
  /** The case folder, relative to the repository. */
  source: string;
  /** The root module inside it that was planned ('.' for the folder). */
  root: string;
  planned: boolean;
  reason?: string;
}

function slugOf(label: string): string {
  return label.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
  const shardArg = args.includes('--shard') ? args[args.indexOf('--shard') + 1] : '0/1';
  const [shard, shards] = shardArg.split('/').map(Number);
  requireTerraform();
  findProviderMirror();
  fs.mkdirSync(OUT, { recursive: true });
  const moto = await startMotoServer();
  const indexPath = path.join(OUT, 'index.json');
  const readIndex = (): PlanIndexEntry[] =>
    fs.existsSync(indexPath) ? (JSON.parse(fs.readFileSync(indexPath, 'utf8')) as PlanIndexEntry[]) : [];
  const mine = new Map<string, PlanIndexEntry>();
  let n = 0;
  try {
    const cases = allCases().filter((c) => !only || c.label.includes(only));
    for (const [i, loaded] of cases.entries()) {
      if (i % shards !== shard) continue;
      const slug = slugOf(loaded.label);
      const source = loaded.fixture ? path.relative(path.resolve(__dirname, '..'), loaded.fixture.dir) : loaded.label;
      const entry: PlanIndexEntry = { slug, source: source.split(path.sep).join('/'), root: loaded.roots[0] ?? '.', planned: false };
      if (loaded.skip) entry.reason = loaded.skip;
      else if (loaded.roots.length !== 1) entry.reason = `${loaded.roots.length} root modules`;
      else {
        await moto.reset();
        const started = Date.now();
        const outcome = planAgainstMoto(loaded.files, loaded.roots[0], moto.endpoint);
        fs.rmSync(outcome.work, { recursive: true, force: true });
        if (outcome.ok) {
          fs.writeFileSync(path.join(OUT, `${slug}.json`), normalizePlanJson(outcome.json!, moto.endpoint));
          entry.planned = true;
        } else {
          const firstError = /Error: (.*)/.exec(outcome.error ?? '')?.[1] ?? (outcome.error ?? '').split('\n')[0];
          entry.reason = `terraform ${firstError}`.slice(0, 300);
          fs.rmSync(path.join(OUT, `${slug}.json`), { force: true });
        }
        process.stderr.write(
          `${entry.planned ? 'planned' : 'failed '} ${loaded.label} (${Date.now() - started} ms)${entry.reason ? ': ' + entry.reason : ''}\n`,
        );
      }
      mine.set(slug, entry);
      n++;
      // Written as it goes (merged with what other shards wrote), so a long run can be inspected.
      const entries = new Map(readIndex().map((e) => [e.slug, e]));
      for (const [k, e] of mine) entries.set(k, e);
      fs.writeFileSync(
        indexPath,
        JSON.stringify(
          [...entries.values()].sort((a, b) => (a.slug < b.slug ? -1 : 1)),
          null,
          1,
        ) + '\n',
      );
    }
  } finally {
    await moto.stop();
  }
  const all = readIndex();
  process.stderr.write(`${n} cases tried in this run; index: ${all.filter((e) => e.planned).length} planned of ${all.length}\n`);
}

void main().catch((error: unknown) => {
  process.stderr.write(`gen-plans: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
