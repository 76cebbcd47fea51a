/**
 * Prints the share of ECS workloads whose scope the checker decides (private, internet, or not
 * awsvpc) over every root module under the rule fixtures and the examples, then the undecided
 * ones with their reason. Prints figures; asserts nothing.
 *
 *   npx tsx scripts/scope-share.ts [--list] [paths...]
 */
import * as path from 'path';
import { findRoots } from '../src/core/analyze';
import { runRules } from '../src/core/rules/engine';
import { RULES } from '../src/core/rules/registry';
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
let privateTotal = 0;
let privateRead = 0;
let privateUnreadSaid = 0;
const undecidedInfos = new Map<string, number>();
/** Message ids by which a rule says it cannot decide. */
const UNDECIDED_IDS = new Set([
  'undecided',
  'unmanaged',
  'egressLeaves',
  'definitionUnknown',
  'roleUnknown',
  'notInConfiguration',
  'containersUnknown',
  'placeholderImage',
  'imageUnknown',
]);
for (const input of inputs) {
  for (const root of findRoots(input, reader, cache)) {
    roots++;
    const configuration = new Configuration(root, reader, cache);
    const network = new Network(configuration);
    const findings = runRules(configuration, { rules: RULES });
    for (const f of findings) {
      if (f.severity === 'info' && f.messageId && UNDECIDED_IDS.has(f.messageId))
        undecidedInfos.set(`${f.ruleId}.${f.messageId}`, (undecidedInfos.get(`${f.ruleId}.${f.messageId}`) ?? 0) + 1);
    }
    for (const workload of findWorkloads(configuration, network)) {
      if (workload.reach.kind === 'private') {
        privateTotal++;
        if (workload.taskDefinition?.containers) privateRead++;
        else if (
          findings.some(
            (f) =>
              f.severity === 'info' &&
              f.resource !== null &&
              (f.resource === workload.service.address || f.resource === workload.taskDefinition?.resource.address),
          )
        )
          privateUnreadSaid++;
      }
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
console.log(
  `private workloads: ${privateTotal}, task definition and containers read: ${privateRead}; not read: ${privateTotal - privateRead} (${privateUnreadSaid} said so in an info, ${privateTotal - privateRead - privateUnreadSaid} silent)`,
);
const infoTotal = [...undecidedInfos.values()].reduce((a, b) => a + b, 0);
console.log(
  `"cannot decide" infos: ${infoTotal}${
    infoTotal
      ? ` (${[...undecidedInfos]
          .sort()
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')})`
      : ''
  }`,
);
if (list) for (const line of undecided) console.log(`  undecided ${line}`);
