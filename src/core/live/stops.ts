/**
 * Why did my task fail? The stopped reasons of a service's recent tasks (and its recent events) mapped to the hop
 * or step of the live check that explains them, shown first. When the reason points at a part the check passed,
 * the report says that the two disagree instead of pretending either is right.
 */
import type { CheckStatus, CheckStep, LiveCheckResult, StopReport } from './result';
import { settle, Settled } from './settled';
import type { AwsNetworkReader, EcsServiceEvent, EcsTaskInfo } from './types';

/** Where a stop reason points. */
export interface StopCause {
  /** `path`: the network path to `service`; the others are result groups. */
  area: 'path' | 'images' | 'iam' | 'secrets';
  /** For `path`: the service (`ecr.dkr`, `s3`…); for `iam`: which permissions (`ECR`, `log`, `secret`). */
  service: string | null;
  /** What the reason says, in a few words. */
  summary: string;
}

const timeoutPattern =
  /i\/o timeout|dial tcp|context deadline exceeded|Client\.Timeout|connection (?:timed out|refused)|no such host|TLS handshake timeout/i;
const deniedPattern = /AccessDenied|not authorized|UnauthorizedOperation|status code: 403|403 Forbidden/i;

function secretStore(text: string): 'secretsmanager' | 'ssm' {
  return /\bssm\b|parameter/i.test(text) && !/\basm\b|secretsmanager/i.test(text) ? 'ssm' : 'secretsmanager';
}

/** Maps one stopped reason or container reason to the part of the check that explains it, or null when it is about something else. */
export function explainStopReason(text: string): StopCause | null {
  if (/CannotPullContainerError/i.test(text) || /pull image manifest|failed to resolve ref/i.test(text)) {
    if (deniedPattern.test(text)) return { area: 'iam', service: 'ECR', summary: 'the image pull was denied' };
    if (/httpReaderSeeker|failed to copy|starport-layer-bucket|\.s3[.-]/i.test(text))
      return { area: 'path', service: 's3', summary: 'image layers could not be downloaded from S3' };
    if (timeoutPattern.test(text)) {
      const service = /api\.ecr\./i.test(text) ? 'ecr.api' : 'ecr.dkr';
      return { area: 'path', service, summary: `the connection to ${service} timed out` };
    }
    if (/not found|manifest unknown|does not exist|name unknown/i.test(text))
      return { area: 'images', service: null, summary: 'the image or its repository does not exist' };
    return { area: 'path', service: 'ecr.dkr', summary: 'the image could not be pulled' };
  }
  if (/ResourceInitializationError/i.test(text)) {
    if (/logger|awslogs|log group|logs\./i.test(text)) {
      if (deniedPattern.test(text) || /CreateLogGroup/i.test(text))
        return { area: 'iam', service: 'log', summary: 'the awslogs driver was denied' };
      return { area: 'path', service: 'logs', summary: 'the awslogs driver could not reach CloudWatch Logs' };
    }
    const isSecret =
      /unable to retrieve secret|secrets? from (?:asm|ssm)|secretsmanager|\bssm\b|parameter/i.test(text) &&
      !/retrieve ecr registry auth|\becr registry auth|GetAuthorizationToken|api\.ecr\./i.test(text);
    if (isSecret) {
      const store = secretStore(text);
      if (deniedPattern.test(text))
        return { area: 'iam', service: 'secret', summary: `reading a ${store === 'ssm' ? 'parameter' : 'secret'} was denied` };
      if (/ResourceNotFound|not found|does not exist|ParameterNotFound|invalid parameters/i.test(text))
        return { area: 'secrets', service: store, summary: `a ${store === 'ssm' ? 'parameter' : 'secret'} does not exist` };
      return {
        area: 'path',
        service: store,
        summary: `${store === 'ssm' ? 'SSM Parameter Store' : 'Secrets Manager'} could not be reached`,
      };
    }
    if (deniedPattern.test(text)) return { area: 'iam', service: 'ECR', summary: 'fetching the registry credentials was denied' };
    return { area: 'path', service: 'ecr.api', summary: 'the registry credentials could not be fetched (ecr.api)' };
  }
  if (/unable to retrieve secret/i.test(text))
    return { area: 'secrets', service: secretStore(text), summary: 'a secret could not be retrieved' };
  if (deniedPattern.test(text)) return { area: 'iam', service: null, summary: 'a call of the execution role was denied' };
  return null;
}

/** The stopped tasks and events read for a target. */
export interface StopReads {
  tasks: Settled<EcsTaskInfo[]>;
  events: EcsServiceEvent[];
}

/** Reads the most recent stopped tasks of a service (ListTasks STOPPED + DescribeTasks). */
export async function readStoppedTasks(reader: AwsNetworkReader, cluster: string, serviceName: string): Promise<Settled<EcsTaskInfo[]>> {
  const arns = await settle(reader.listStoppedTasks(cluster, serviceName), 'ListTasks');
  if (!arns.ok) return arns;
  if (arns.value.length === 0) return { ok: true, value: [] };
  const tasks = await settle(reader.describeTasks(cluster, arns.value.slice(0, 10)), 'DescribeTasks');
  if (!tasks.ok) return tasks;
  // ListTasks does not filter by service everywhere (moto ignores serviceName): keep the service's own tasks.
  const own = tasks.value.filter((task) => task.group === null || task.group === `service:${serviceName}`);
  return { ok: true, value: own.sort((a, b) => (b.stoppedAt ?? '').localeCompare(a.stoppedAt ?? '')) };
}

function stepsFor(
  result: Omit<LiveCheckResult, 'findings' | 'stops' | 'undecided'>,
  cause: StopCause,
): { label: string; steps: CheckStep[] } {
  switch (cause.area) {
    case 'path': {
      const path = result.services.find((item) => item.service === cause.service);
      return { label: `the path to ${cause.service}`, steps: path ? path.hops : [] };
    }
    case 'images':
      return { label: 'the image checks', steps: result.images };
    case 'secrets':
      return { label: 'the secret checks', steps: result.secrets };
    case 'iam': {
      const steps = cause.service
        ? result.iam.filter(
            (step) =>
              step.title.includes(cause.service as string) ||
              step.title.startsWith('KMS') ||
              step.title === 'Execution role trust' ||
              step.title === 'Execution role',
          )
        : result.iam;
      return {
        label: `the execution role${cause.service ? ` (${cause.service} permissions)` : ''}`,
        steps: steps.length > 0 ? steps : result.iam,
      };
    }
  }
}

function clock(iso: string | null): string {
  if (!iso) return 'an unknown time';
  const date = new Date(iso);
  return `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 16)} UTC`;
}

function shorten(text: string, length = 160): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > length ? `${oneLine.slice(0, length - 1)}…` : oneLine;
}

/** Joins a stop reason with the part of the result that explains it. */
function report(
  result: Omit<LiveCheckResult, 'findings' | 'stops' | 'undecided'>,
  source: StopReport['source'],
  when: string | null,
  id: string,
  texts: string[],
): StopReport | null {
  const text = texts.find((candidate) => explainStopReason(candidate)) ?? texts[0];
  if (!text) return null;
  const cause = explainStopReason(text);
  const lead = `${source === 'event' ? 'A service event' : source === 'this-task' ? 'This task stopped' : 'Your last task stopped'} at ${clock(when)} with "${shorten(text)}"`;
  const label = `${source === 'event' ? 'Service event' : source === 'this-task' ? 'This task' : 'Last stopped task'} (${clock(when)})`;
  if (!cause) {
    return {
      source,
      id,
      at: when,
      reason: text,
      cause: null,
      explainedBy: null,
      agrees: null,
      message: `${lead}: not a pull, secret or network failure this check looks at.`,
      headline: `${label}: not a failure this check explains`,
    };
  }
  const { label: partLabel, steps } = stepsFor(result, cause);
  const culprit = steps.find((step) => step.status === 'failed') ?? steps.find((step) => step.status === 'unknown') ?? null;
  if (culprit) {
    const where = cause.area === 'path' ? `${cause.service} / ${culprit.title}` : culprit.title;
    const status: CheckStatus = culprit.status;
    return {
      source,
      id,
      at: when,
      reason: text,
      cause,
      agrees: status === 'failed',
      explainedBy: { title: culprit.title, resource: culprit.resource, status, service: cause.area === 'path' ? cause.service : null },
      message: `${lead} → ${cause.summary}: this is ${where}${culprit.resource ? ` (${culprit.resource})` : ''}${status === 'unknown' ? ', which could not be checked' : ''}: ${culprit.reason}`,
      headline: `${label}: ${cause.summary} → ${where}${culprit.resource ? ` ${culprit.resource}` : ''} (${status})`,
    };
  }
  const nothing = steps.length === 0;
  return {
    source,
    id,
    at: when,
    reason: text,
    cause,
    agrees: false,
    explainedBy: null,
    message: nothing
      ? `${lead} → ${cause.summary}, but ${partLabel} ${cause.area === 'path' ? "is not on this task definition's needs" : 'has nothing to check'}: the stop reason and the configuration disagree.`
      : `${lead} → ${cause.summary}, but every step of ${partLabel} passed: the stop reason and the configured path disagree (the cause may be outside what this check sees — DNS rules, a firewall, an SCP — or the configuration changed since the task stopped).`,
    headline: `${label}: ${cause.summary}, but ${partLabel} ${nothing ? 'is not checked' : 'passed'}: they disagree`,
  };
}

/** The stop reports, newest first: the latest stopped task, then service events that report failures. */
export function stopReports(
  result: Omit<LiveCheckResult, 'findings' | 'stops' | 'undecided'>,
  reads: StopReads | null,
  thisTask: EcsTaskInfo | null,
): StopReport[] {
  const reports: StopReport[] = [];
  const taskTexts = (task: EcsTaskInfo) => [
    ...task.containers.map((container) => container.reason).filter((reason): reason is string => !!reason),
    ...(task.stoppedReason ? [task.stoppedReason] : []),
  ];
  if (thisTask && (thisTask.stoppedReason || thisTask.containers.some((container) => container.reason))) {
    const item = report(result, 'this-task', thisTask.stoppedAt, thisTask.taskArn, taskTexts(thisTask));
    if (item) reports.push(item);
  }
  if (reads?.tasks.ok) {
    // The most recent stopped task whose reason is a failure the check explains, else the most recent one.
    const tasks = reads.tasks.value;
    const explained = tasks.find((task) => taskTexts(task).some((text) => explainStopReason(text))) ?? tasks[0];
    if (explained) {
      const item = report(result, 'stopped-task', explained.stoppedAt, explained.taskArn, taskTexts(explained));
      if (item) reports.push(item);
    }
  }
  for (const event of (reads?.events ?? []).filter((candidate) => explainStopReason(candidate.message)).slice(0, 2)) {
    const item = report(result, 'event', event.createdAt, event.createdAt ?? 'event', [event.message]);
    if (item) reports.push(item);
  }
  return reports;
}
