/**
 * `private-ecr verify`: the live check from the command line.
 *
 *   private-ecr verify --region R (--cluster C (--service S | --task ID|ARN) | --vpc-id V [--subnet-ids a,b] [--security-group-ids a,b])
 *                      [--profile P] [--endpoint-url URL] [--format text|json] [--lang en|ja]
 *
 * The language of the report and the findings is `--lang`, else LC_ALL, LC_MESSAGES, LANG (as for `check`); the
 * JSON findings always carry their `messageId` (and the data it was filled with), whatever the language.
 *
 * Exit codes: 0 no error findings and every step decided, 1 error findings, 2 usage, credential, target or internal
 * error (one line on stderr), 3 incomplete: no error findings but some step could not be decided.
 */
import type { Finding } from '../core/findings';
import { LiveTargetError, type LiveCheckRequest } from '../core/live/target';
import { LiveCallError } from '../core/live/types';
import { redactSecrets } from '../aws/errors';
import { AwsSetupError } from '../aws/profiles';
import { createAwsSession, destroyAwsSession, runLiveVerify, type LiveVerifyOutcome } from '../aws/session';
import { formatLiveText } from '../core/live/report';
import { localizeLiveResult } from '../core/live/localize';
import { isLanguage, languageFromEnvironment, type Language } from '../core/l10n/language';

/** Where the command writes. */
export interface VerifyOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

const usage = `Usage: private-ecr verify --region <region> (--cluster <cluster> (--service <service> | --task <id|arn>) | --vpc-id <vpc-id> [--subnet-ids <id,id>] [--security-group-ids <id,id>])
                          [--profile <profile>] [--endpoint-url <url>] [--format text|json] [--lang en|ja]

Checks, with read-only AWS calls, that the ECS service (one task, or tasks you would run in the VPC) can pull from
private ECR through VPC endpoints, and says why its last tasks stopped. Credentials come from --profile or the
default chain (environment, SSO, ~/.aws files). --lang (else LC_ALL, LC_MESSAGES, LANG) picks the language.
Exit status: 0 no error findings and every step decided, 1 error findings, 2 usage, credential or internal error,
3 incomplete (no error findings, but some step could not be decided: see "Undecided").`;

class VerifyUsageError extends Error {}

/** Parsed command line of `verify`. */
interface VerifyArguments {
  region: string | null;
  profile: string | null;
  endpointUrl: string | null;
  format: 'text' | 'json';
  /** Undefined: the locale variables decide. */
  lang: Language | undefined;
  request: LiveCheckRequest;
}

const idPatterns: Record<string, RegExp> = {
  '--vpc-id': /^vpc-[0-9a-f]{8,17}$/,
  '--subnet-ids': /^subnet-[0-9a-f]{8,17}$/,
  '--security-group-ids': /^sg-[0-9a-f]{8,17}$/,
};

function splitIds(flag: string, value: string): string[] {
  const ids = value
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id.length > 0);
  if (ids.length === 0) throw new VerifyUsageError(`${flag} needs at least one id`);
  for (const id of ids)
    if (!idPatterns[flag].test(id))
      throw new VerifyUsageError(
        `${flag}: "${id}" is not a valid id (expected ${idPatterns[flag].source.replace(/[\^$]/g, '').replace('[0-9a-f]{8,17}', '…')})`,
      );
  return [...new Set(ids)];
}

function parseVerifyArguments(args: string[]): VerifyArguments | 'help' {
  const values = new Map<string, string>();
  const known = [
    '--region',
    '--cluster',
    '--service',
    '--task',
    '--vpc-id',
    '--subnet-ids',
    '--security-group-ids',
    '--profile',
    '--endpoint-url',
    '--format',
    '--lang',
  ];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === '--help' || arg === '-h') return 'help';
    if (!arg.startsWith('--')) throw new VerifyUsageError(`unexpected argument "${arg}"`);
    const equals = arg.indexOf('=');
    const flag = equals === -1 ? arg : arg.slice(0, equals);
    if (!known.includes(flag)) throw new VerifyUsageError(`unknown option ${flag}`);
    let value: string | undefined;
    if (equals !== -1) value = arg.slice(equals + 1);
    else {
      value = args[index + 1];
      if (value === undefined || value.startsWith('--')) throw new VerifyUsageError(`${flag} needs a value`);
      index++;
    }
    if (values.has(flag)) throw new VerifyUsageError(`${flag} is given twice`);
    if (value.trim() === '') throw new VerifyUsageError(`${flag} needs a value`);
    values.set(flag, value.trim());
  }
  const format = values.get('--format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new VerifyUsageError(`unknown format "${format}" (use text or json)`);
  const lang = values.get('--lang');
  if (lang !== undefined && !isLanguage(lang)) throw new VerifyUsageError(`--lang takes en or ja, got "${lang}"`);
  const cluster = values.get('--cluster');
  const service = values.get('--service');
  const task = values.get('--task');
  const vpcId = values.get('--vpc-id');
  let request: LiveCheckRequest;
  if (task !== undefined) {
    if (vpcId !== undefined || service !== undefined)
      throw new VerifyUsageError('give --task with --cluster only (not with --service or --vpc-id)');
    const clusterOfArn = /^arn:aws[\w-]*:ecs:[^:]+:\d{12}:task\/([^/]+)\/[0-9a-f-]+$/.exec(task)?.[1];
    const taskCluster = cluster ?? clusterOfArn;
    if (!taskCluster) throw new VerifyUsageError('--task needs --cluster (or a task ARN that names its cluster)');
    if (!/^[0-9a-f-]{32,36}$/.test(task) && !/^arn:aws[\w-]*:ecs:[^:]+:\d{12}:task\/([^/]+\/)?[0-9a-f-]{32,36}$/.test(task)) {
      throw new VerifyUsageError(`--task: "${task}" is not a task id (32 hex characters) or task ARN`);
    }
    for (const flag of ['--subnet-ids', '--security-group-ids']) {
      if (values.has(flag)) throw new VerifyUsageError(`${flag} only goes with --vpc-id (a task brings its own)`);
    }
    request = { kind: 'task', cluster: taskCluster, task };
  } else if (cluster !== undefined || service !== undefined) {
    if (vpcId !== undefined) throw new VerifyUsageError('give either --cluster and --service, or --vpc-id, not both');
    if (cluster === undefined || service === undefined) throw new VerifyUsageError('--cluster and --service (or --task) go together');
    for (const flag of ['--subnet-ids', '--security-group-ids']) {
      if (values.has(flag)) throw new VerifyUsageError(`${flag} only goes with --vpc-id (a service brings its own)`);
    }
    request = { kind: 'service', cluster, service };
  } else if (vpcId !== undefined) {
    if (!idPatterns['--vpc-id'].test(vpcId)) throw new VerifyUsageError(`--vpc-id: "${vpcId}" is not a valid VPC id (expected vpc-…)`);
    const subnetIds = values.has('--subnet-ids') ? splitIds('--subnet-ids', values.get('--subnet-ids') as string) : undefined;
    const securityGroupIds = values.has('--security-group-ids')
      ? splitIds('--security-group-ids', values.get('--security-group-ids') as string)
      : undefined;
    request = { kind: 'vpc', vpcId, subnetIds, securityGroupIds };
  } else {
    throw new VerifyUsageError('say what to check: --cluster <c> --service <s>, --cluster <c> --task <id>, or --vpc-id <vpc>');
  }
  return {
    region: values.get('--region') ?? null,
    profile: values.get('--profile') ?? null,
    endpointUrl: values.get('--endpoint-url') ?? null,
    format,
    lang,
    request,
  };
}

/** The `check`-compatible JSON form of a finding (same keys, same order). */
function jsonFinding(finding: Finding) {
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    file: null,
    range: null,
    resource: finding.resource,
    module: '',
    // Added after the version-1 fields, as in `check`: the message id and the data it was filled with.
    ...(finding.messageId ? { messageId: finding.messageId, data: finding.data } : {}),
  };
}

function renderText(outcome: LiveVerifyOutcome, language: Language): string {
  return `${formatLiveText(localizeLiveResult(outcome.result, language), outcome, language).join('\n')}\n`;
}

/** A step without the message ids its texts were rendered from (the findings carry theirs). */
function jsonStep<T extends { texts?: unknown }>(step: T): Omit<T, 'texts'> {
  const { texts: _texts, ...rest } = step;
  return rest;
}

function renderJson(outcome: LiveVerifyOutcome, language: Language): string {
  const result = localizeLiveResult(outcome.result, language);
  const document = {
    version: 1,
    findings: result.findings.map(jsonFinding),
    apiCalls: outcome.apiCalls.total,
    apiCallsByOperation: outcome.apiCalls.byOperation,
    apiCallRounds: outcome.apiCalls.rounds,
    region: outcome.region,
    target: result.target,
    scope: jsonStep(result.scope),
    ...(language !== 'en' ? { language } : {}),
    services: result.services.map((path) => ({ ...jsonStep(path), hops: path.hops.map(jsonStep) })),
    dns: result.dns.map(jsonStep),
    iam: result.iam.map(jsonStep),
    images: result.images.map(jsonStep),
    secrets: result.secrets.map(jsonStep),
    stops: result.stops.map(jsonStep),
    undecided: result.undecided,
    incomplete: result.undecided.length > 0,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** 1 with error findings; else 3 when some step could not be decided (incomplete); else 0. */
export function verifyExitCode(outcome: LiveVerifyOutcome): number {
  if (outcome.result.findings.some((finding) => finding.severity === 'error')) return 1;
  return outcome.result.undecided.length > 0 ? 3 : 0;
}

/** Runs `private-ecr verify` with `args` (after the subcommand) and returns the exit code. */
export async function runVerifyCli(args: string[], out: VerifyOutput): Promise<number> {
  // The SDK warns on Node 20 about releases it does not ship yet; that is noise for a CLI user.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  let parsed: VerifyArguments | 'help';
  try {
    parsed = parseVerifyArguments(args);
  } catch (error) {
    out.stderr(`private-ecr verify: ${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  if (parsed === 'help') {
    out.stdout(`${usage}\n`);
    return 0;
  }
  let session: Awaited<ReturnType<typeof createAwsSession>> | null = null;
  try {
    session = await createAwsSession({ region: parsed.region, profile: parsed.profile, endpointUrl: parsed.endpointUrl });
    const outcome = await runLiveVerify(session, parsed.request);
    const language = parsed.lang ?? languageFromEnvironment(process.env);
    out.stdout(parsed.format === 'json' ? renderJson(outcome, language) : renderText(outcome, language));
    return verifyExitCode(outcome);
  } catch (error) {
    const known = error instanceof AwsSetupError || error instanceof LiveTargetError || error instanceof LiveCallError;
    const message = error instanceof Error ? error.message : String(error);
    out.stderr(`private-ecr verify: ${known ? '' : 'internal error: '}${redactSecrets(message.split('\n')[0])}\n`);
    return 2;
  } finally {
    if (session) destroyAwsSession(session);
  }
}
