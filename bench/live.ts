/**
 * Figures for the live check: starts moto, seeds scenarios, runs the check of each target and prints the API calls
 * per operation, the total, the rounds of parallel calls and the wall time (min / median / p90 after a warm-up).
 *
 *   npx tsx bench/live.ts [--runs N] [--latency-ms MS]
 *
 * Rounds: a call's round is one more than the highest round of the calls that had answered when it started (the
 * longest chain of calls that waited for each other). To make that independent of moto's own speed, every call is
 * first delayed by --latency-ms (default 40 ms, about an AWS round trip); the wall time is then mostly that.
 */
import { createAwsSession, destroyAwsSession, runLiveVerify, type AwsSession } from '../src/aws/session';
import type { LiveCheckRequest } from '../src/core/live/target';
import { startMotoServer } from '../test/moto/motoServer';
import {
  destroyMotoClients,
  motoClients,
  motoCredentials,
  scenarioRegion,
  seedScenario,
  type ScenarioIds,
  type ScenarioOptions,
} from '../test/moto/scenarios';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

function option(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(name);
  const value = index === -1 ? fallback : Number(args[index + 1]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} needs a whole number`);
  return value;
}

/** Delays every request of the session's clients by `latencyMs` (a middleware at the front of each stack). */
function addLatency(session: AwsSession, latencyMs: number): void {
  if (latencyMs === 0) return;
  for (const client of Object.values(session.clients)) {
    (client.middlewareStack as { add(middleware: unknown, options: unknown): void }).add(
      (next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
        await new Promise((resolve) => setTimeout(resolve, latencyMs));
        return next(args);
      },
      { step: 'initialize', name: 'benchLatency' },
    );
  }
}

function spread(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
  return `min ${sorted[0]} / median ${at(0.5)} / p90 ${at(0.9)} ms`;
}

interface Target {
  label: string;
  scenario: ScenarioOptions;
  request: (ids: ScenarioIds) => LiveCheckRequest;
}

const ioTimeout =
  'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web:1: dial tcp 10.0.1.20:443: i/o timeout';

const targets: Target[] = [
  { label: 'ECS service (complete scenario)', scenario: {}, request: () => ({ kind: 'service', cluster: 'app', service: 'web' }) },
  {
    label: 'ECS service with a stopped task',
    scenario: { stoppedTaskReason: ioTimeout },
    request: () => ({ kind: 'service', cluster: 'app', service: 'web' }),
  },
  {
    label: 'ECS service with a stopped task, a secret, a parameter and a KMS-encrypted repository',
    scenario: { stoppedTaskReason: ioTimeout, secrets: 'present', repositoryKms: 'granted' },
    request: () => ({ kind: 'service', cluster: 'app', service: 'web' }),
  },
  {
    label: 'one task (--task)',
    scenario: { stoppedTaskReason: ioTimeout },
    request: (ids) => ({ kind: 'task', cluster: 'app', task: ids.stoppedTaskArn as string }),
  },
  {
    label: 'VPC target (subnets and task SG given)',
    scenario: {},
    request: (ids) => ({ kind: 'vpc', vpcId: ids.vpcId, subnetIds: ids.subnetIds, securityGroupIds: [ids.taskSecurityGroupId] }),
  },
];

async function main() {
  const args = process.argv.slice(2);
  const runs = option(args, '--runs', 5);
  const latencyMs = option(args, '--latency-ms', 40);
  if (runs < 1) throw new Error('--runs needs a positive whole number');
  const startedMoto = performance.now();
  const moto = await startMotoServer();
  console.log(
    `moto_server ready in ${Math.round(performance.now() - startedMoto)} ms at ${moto.endpoint}; every call delayed by ${latencyMs} ms; ${runs} runs per target after 1 warm-up`,
  );
  try {
    for (const target of targets) {
      await moto.reset();
      const clients = motoClients(moto.endpoint);
      const ids = await seedScenario(clients, target.scenario);
      destroyMotoClients(clients);
      const session = await createAwsSession({ region: scenarioRegion, endpointUrl: moto.endpoint, credentials: motoCredentials });
      addLatency(session, latencyMs);
      const request = target.request(ids);
      await runLiveVerify(session, request);
      const times: number[] = [];
      let last: Awaited<ReturnType<typeof runLiveVerify>> | null = null;
      for (let run = 0; run < runs; run++) {
        last = await runLiveVerify(session, request);
        times.push(last.durationMs);
      }
      destroyAwsSession(session);
      if (!last) continue;
      console.log(`\n${target.label}: ${last.result.findings.length} findings, ${last.result.undecided.length} undecided`);
      console.log(
        `  ${Object.entries(last.apiCalls.byOperation)
          .map(([operation, count]) => `${operation} ${count}`)
          .join(', ')}`,
      );
      console.log(`  ${last.apiCalls.total} API calls in ${last.apiCalls.rounds} rounds; wall time ${spread(times)}`);
    }
  } finally {
    await moto.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
