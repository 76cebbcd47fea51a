/**
 * Planning (and applying) a configuration with real Terraform against a real moto_server on 127.0.0.1:
 * the configuration is copied to a temp folder, an override file points the AWS provider at moto
 * (fake keys, skip_* flags), and `terraform plan` / `show -json` / `apply` run with the provider mirror.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTerraform, terraformInit, writeFiles } from './harness';

/** AWS services the override points at moto (every one these configurations use). */
const SERVICES = [
  'ec2',
  'ecs',
  'iam',
  'sts',
  'logs',
  'ecr',
  'secretsmanager',
  'ssm',
  'kms',
  's3',
  'elb',
  'elbv2',
  'autoscaling',
  'cloudwatch',
  'route53',
];

/** The provider override that sends every call to moto on loopback. */
export function motoOverride(endpoint: string): string {
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(endpoint))
    throw new Error(`refusing to point the provider at ${endpoint}: only http://127.0.0.1:<port> is allowed`);
  const width = Math.max(...SERVICES.map((s) => s.length));
  return [
    'provider "aws" {',
    '  access_key                  = "testing"',
    '  secret_key                  = "testing"',
    '  skip_credentials_validation = true',
    '  skip_requesting_account_id  = true',
    '  skip_metadata_api_check     = true',
    '  endpoints {',
    ...SERVICES.map((s) => `    ${s.padEnd(width)} = "${endpoint}"`),
    '  }',
    '}',
    '',
  ].join('\n');
}

/** Outcome of planning one configuration. */
export interface PlanOutcome {
  ok: boolean;
  /** `terraform show -json` of the plan (when ok). */
  json?: string;
  /** Terraform's error output when planning failed. */
  error?: string;
  /** The temp folder (kept for apply). */
  work: string;
}

/**
 * The environment of plan and apply: fake keys, no instance metadata, and every AWS SDK endpoint at moto, so that
 * nothing the override does not reach (an aliased provider, a backend) can leave the loopback interface.
 */
export function motoEnv(endpoint: string): NodeJS.ProcessEnv {
  return {
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_SESSION_TOKEN: 'testing',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL: endpoint,
    AWS_PROFILE: '',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
}

/** Why a configuration must not be planned here: it reads remote state through a backend (a call outside loopback). */
export function unsafeToPlan(files: Map<string, string>): string | undefined {
  for (const [rel, text] of files) {
    if (!rel.endsWith('.tf')) continue;
    const m = /data\s+"terraform_remote_state"\s+"[^"]*"\s*\{[^}]*?backend\s*=\s*"([^"]+)"/m.exec(text);
    if (m && m[1] !== 'local')
      return `reads terraform_remote_state through the ${m[1]} backend (${rel}), which would leave the loopback interface`;
  }
  return undefined;
}

/** Copies files to a temp folder with the moto override and runs init + plan + show -json. */
export function planAgainstMoto(files: Map<string, string>, rootRel: string, endpoint: string): PlanOutcome {
  const unsafe = unsafeToPlan(files);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pecr-plan-'));
  if (unsafe) return { ok: false, error: `not planned: ${unsafe}`, work };
  writeFiles(work, files);
  const root = path.join(work, rootRel);
  fs.writeFileSync(path.join(root, 'zz_pecr_moto_override.tf'), motoOverride(endpoint));
  const init = terraformInit(root);
  if (init.status !== 0) return { ok: false, error: `init: ${init.stderr.trim()}`, work };
  const plan = runTerraform(root, ['plan', '-input=false', '-no-color', '-lock=false', '-out=pecr.tfplan'], 300_000, motoEnv(endpoint));
  if (plan.status !== 0) return { ok: false, error: `plan: ${plan.stderr.trim()}`, work };
  const show = runTerraform(root, ['show', '-json', '-no-color', 'pecr.tfplan'], 600_000, motoEnv(endpoint));
  if (show.status !== 0) return { ok: false, error: `show: ${show.stderr.trim()}`, work };
  return { ok: true, json: show.stdout, work };
}

/** Applies the saved plan of a planned folder. */
export function applyPlan(outcome: PlanOutcome, rootRel: string, endpoint: string): { ok: boolean; error?: string } {
  const apply = runTerraform(
    path.join(outcome.work, rootRel),
    ['apply', '-input=false', '-no-color', '-lock=false', '-auto-approve', 'pecr.tfplan'],
    600_000,
    motoEnv(endpoint),
  );
  return apply.status === 0 ? { ok: true } : { ok: false, error: apply.stderr.trim() };
}

/**
 * A plan made against moto, made stable for a fixture: the moto port and the timestamp replaced,
 * keys sorted as Terraform writes them (unchanged), pretty-printed.
 */
export function normalizePlanJson(json: string, endpoint: string): string {
  const doc = JSON.parse(json.split(endpoint).join('http://127.0.0.1:5000')) as Record<string, unknown>;
  delete doc.timestamp;
  return JSON.stringify(doc, null, 1) + '\n';
}
