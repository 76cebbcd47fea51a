/**
 * Figures for the live check: starts moto, seeds the complete scenario, runs the check of the ECS service and of
 * the VPC target, and prints the API calls per operation, the total and the wall time.
 *
 *   npx tsx bench/live.ts [--runs N]
 */
import { createAwsSession, destroyAwsSession, runLiveVerify } from '../src/aws/session';
import type { LiveCheckRequest } from '../src/core/live/target';
import { startMotoServer } from '../test/moto/motoServer';
import { destroyMotoClients, motoClients, motoCredentials, scenarioRegion, seedScenario } from '../test/moto/scenarios';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

function parseRuns(args: string[]): number {
  const index = args.indexOf('--runs');
  const runs = index === -1 ? 5 : Number(args[index + 1]);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs needs a positive whole number');
  return runs;
}

async function main() {
  const runs = parseRuns(process.argv.slice(2));
  const startedMoto = performance.now();
  const moto = await startMotoServer();
  console.log(`moto_server ready in ${Math.round(performance.now() - startedMoto)} ms at ${moto.endpoint}`);
  try {
    const clients = motoClients(moto.endpoint);
    const seededAt = performance.now();
    const ids = await seedScenario(clients, {});
    destroyMotoClients(clients);
    console.log(`complete scenario seeded in ${Math.round(performance.now() - seededAt)} ms (${ids.vpcId})`);
    const session = await createAwsSession({ region: scenarioRegion, endpointUrl: moto.endpoint, credentials: motoCredentials });
    const targets: Array<[string, LiveCheckRequest]> = [
      ['ECS service app/web', { kind: 'service', cluster: 'app', service: 'web' }],
      ['VPC target (subnets and task SG given)', { kind: 'vpc', vpcId: ids.vpcId, subnetIds: ids.subnetIds, securityGroupIds: [ids.taskSecurityGroupId] }],
    ];
    for (const [label, request] of targets) {
      const times: number[] = [];
      let last: Awaited<ReturnType<typeof runLiveVerify>> | null = null;
      for (let run = 0; run < runs; run++) {
        last = await runLiveVerify(session, request);
        times.push(last.durationMs);
      }
      if (!last) continue;
      const sorted = [...times].sort((a, b) => a - b);
      console.log(`\n${label}: ${last.result.findings.length} findings`);
      for (const [operation, count] of Object.entries(last.apiCalls.byOperation)) console.log(`  ${operation.padEnd(28)} ${count}`);
      console.log(`  ${'total API calls'.padEnd(28)} ${last.apiCalls.total}`);
      console.log(`  wall time per check: first ${times[0]} ms, median ${sorted[Math.floor(sorted.length / 2)]} ms, min ${sorted[0]} ms (${runs} runs, moto on loopback)`);
    }
    destroyAwsSession(session);
  } finally {
    await moto.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
