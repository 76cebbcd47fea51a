/**
 * Why did my task fail? The stopped reasons of a service's recent tasks (and its recent events) mapped to the hop
 * or step of the live check that explains them, shown first. When the reason points at a part the check passed,
 * the report says that the two disagree instead of pretending either is right.
 */
import { renderLive } from '../l10n/live-format';
import { lt, type LiveArg, type LiveMessageId, type LiveText } from '../l10n/live-messages';
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

/** The message ids of the fixed cause summaries of explainStopReason. */
const SUMMARY_IDS: Record<string, LiveMessageId> = {
  'the image pull was denied': 'cause.pullDenied',
  'image layers could not be downloaded from S3': 'cause.s3',
  'the image or its repository does not exist': 'cause.imageMissing',
  'the image could not be pulled': 'cause.pullFailed',
  'the awslogs driver was denied': 'cause.logsDenied',
  'the awslogs driver could not reach CloudWatch Logs': 'cause.logsUnreachable',
  'reading a parameter was denied': 'cause.parameterDenied',
  'reading a secret was denied': 'cause.secretDenied',
  'a parameter does not exist': 'cause.parameterMissing',
  'a secret does not exist': 'cause.secretMissing',
  'SSM Parameter Store could not be reached': 'cause.ssmUnreachable',
  'Secrets Manager could not be reached': 'cause.secretsManagerUnreachable',
  'fetching the registry credentials was denied': 'cause.credentialsDenied',
  'the registry credentials could not be fetched (ecr.api)': 'cause.credentialsFailed',
  'a secret could not be retrieved': 'cause.secretFailed',
  'a call of the execution role was denied': 'cause.roleDenied',
};

/** A cause summary as a live message (the English text when it has no id). */
function summaryText(summary: string): LiveArg {
  const timeout = /^the connection to (\S+) timed out$/.exec(summary);
  if (timeout) return lt('cause.timeout', { service: timeout[1] });
  const id: LiveMessageId | undefined = SUMMARY_IDS[summary];
  return id ? ({ id, data: {} } as LiveText) : summary;
}

function stepsFor(
  result: Omit<LiveCheckResult, 'findings' | 'stops' | 'undecided'>,
  cause: StopCause,
): { label: LiveText; steps: CheckStep[] } {
  switch (cause.area) {
    case 'path': {
      const path = result.services.find((item) => item.service === cause.service);
      return { label: lt('stop.partPath', { service: `${cause.service}` }), steps: path ? path.hops : [] };
    }
    case 'images':
      return { label: lt('stop.partImages'), steps: result.images };
    case 'secrets':
      return { label: lt('stop.partSecrets'), steps: result.secrets };
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
        label: cause.service ? lt('stop.partRolePermissions', { which: cause.service }) : lt('stop.partRole'),
        steps: steps.length > 0 ? steps : result.iam,
      };
    }
  }
}

function clock(iso: string | null): LiveArg {
  if (!iso) return lt('stop.unknownTime');
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
  const time = clock(when);
  const lead = lt(source === 'event' ? 'stop.leadEvent' : source === 'this-task' ? 'stop.leadThisTask' : 'stop.leadLastTask', {
    time,
    text: shorten(text),
  });
  const label = lt(source === 'event' ? 'stop.labelEvent' : source === 'this-task' ? 'stop.labelThisTask' : 'stop.labelLastTask', { time });
  if (!cause) {
    return {
      source,
      id,
      at: when,
      reason: text,
      cause: null,
      explainedBy: null,
      agrees: null,
      ...stopTexts(lt('stop.notExplained', { lead }), lt('stop.notExplainedHeadline', { label })),
    };
  }
  const { label: partLabel, steps } = stepsFor(result, cause);
  const summary = summaryText(cause.summary);
  const culprit = steps.find((step) => step.status === 'failed') ?? steps.find((step) => step.status === 'unknown') ?? null;
  if (culprit) {
    const title: LiveArg = culprit.texts?.title ?? culprit.title;
    const where: LiveArg = cause.area === 'path' ? lt('stop.wherePath', { service: `${cause.service}`, title }) : title;
    const status: CheckStatus = culprit.status;
    return {
      source,
      id,
      at: when,
      reason: text,
      cause,
      agrees: status === 'failed',
      explainedBy: { title: culprit.title, resource: culprit.resource, status, service: cause.area === 'path' ? cause.service : null },
      ...stopTexts(
        lt('stop.explained', {
          lead,
          summary,
          where,
          resource: culprit.resource ? lt('stop.resourceInParentheses', { resource: culprit.resource }) : '',
          unchecked: status === 'unknown' ? lt('stop.couldNotBeChecked') : '',
          reason: culprit.texts?.reason ?? culprit.reason,
        }),
        lt('stop.explainedHeadline', {
          label,
          summary,
          where,
          resource: culprit.resource ? ` ${culprit.resource}` : '',
          status: status === 'unknown' ? lt('stop.statusUnknown') : status === 'failed' ? lt('stop.statusFailed') : status,
        }),
      ),
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
    ...stopTexts(
      lt(nothing ? (cause.area === 'path' ? 'stop.disagreeNotNeeded' : 'stop.disagreeNothing') : 'stop.disagreePassed', {
        lead,
        summary,
        part: partLabel,
      }),
      lt(nothing ? 'stop.disagreeNotCheckedHeadline' : 'stop.disagreePassedHeadline', { label, summary, part: partLabel }),
    ),
  };
}

/** A stop report's message and headline in English, and the live messages they came from. */
function stopTexts(message: LiveText, headline: LiveText): Pick<StopReport, 'message' | 'headline' | 'texts'> {
  return { message: renderLive(message, 'en'), headline: renderLive(headline, 'en'), texts: { message, headline } };
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
