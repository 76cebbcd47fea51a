/**
 * Prints the share of ECS workloads whose scope the checker decides (private, internet, or not
 * awsvpc) over every root module under the rule fixtures and the examples, then the undecided
 * ones with their reason. Prints figures; asserts nothing.
 *
 *   npx tsx scripts/scope-share.ts [--list] [paths...]
 */
import * as path from 'path';
import { findRoots } from '../src/core/analyze';
import { Configuration } from '../src/core/model/config';
import { ParseCache } from '../src/core/model/loader';
import { Network } from '../src/core/model/network';
import { DiskReader } from '../src/core/model/source';
import { findWorkloads } from '../src/core/model/workloads';

const repo = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const list = args.includes('--list');
const given = args.filter((a) => !a.startsWith('--'));
const inputs = given.length > 0 ? given.map((p) => path.resolve(p)) : [path.join(repo, 'test/fixtures'), path.join(repo, 'examples')];

const reader = new DiskReader();
const cache = new ParseCache();
const byKind = new Map<string, number>();
const undecided: string[] = [];
let total = 0;
let decided = 0;
let roots = 0;
for (const input of inputs) {
  for (const root of findRoots(input, reader, cache)) {
    roots++;
    const configuration = new Configuration(root, reader, cache);
    const network = new Network(configuration);
    for (const workload of findWorkloads(configuration, network)) {
      total++;
      const reach = workload.reach;
      byKind.set(reach.kind, (byKind.get(reach.kind) ?? 0) + 1);
      if (reach.kind === 'private' || reach.kind === 'internet' || reach.kind === 'not-awsvpc') decided++;
      else {
        const name = (workload as { resource?: { fullAddress: string } }).resource?.fullAddress ?? workload.service.fullAddress;
        undecided.push(`${path.relative(repo, root)}: ${name}: ${reach.kind}: ${'reason' in reach ? reach.reason : ''}`);
      }
    }
  }
}
const share = total === 0 ? 0 : (100 * decided) / total;
console.log(`roots: ${roots}, workloads: ${total}, decided scope: ${decided} (${share.toFixed(1)}%)`);
console.log(`by kind: ${[...byKind].map(([k, n]) => `${k} ${n}`).join(', ')}`);
if (list) for (const line of undecided) console.log(`  undecided ${line}`);
