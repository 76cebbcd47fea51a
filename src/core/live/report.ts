/**
 * Editor-free presentations of a live result: an outline (the tree the VS Code view shows) and a plain-text
 * report (the output channel's log). Both list every step with its status, AWS id, reason and fix.
 */
import type { Severity } from '../findings';
import type { Language } from '../l10n/language';
import { renderLive } from '../l10n/live-format';
import { lt, type LiveData, type LiveMessageId } from '../l10n/live-messages';
import { consoleUrl } from './commands';
import type { CheckStatus, CheckStep, LiveCheckResult } from './result';

/** One node of the result outline. `status` and `severity` pick the icon; `tooltip` holds the full text. */
export interface OutlineNode {
  id: string;
  label: string;
  description: string;
  tooltip: string;
  status: CheckStatus | 'detail';
  /** The severity of a failed step (picks error / warning / info icons). */
  severity: Severity | null;
  children: OutlineNode[];
}

/** API call counts and timing to show next to a result. */
export interface LiveRunFacts {
  region: string;
  apiCalls: { total: number; byOperation: Record<string, number> };
  durationMs: number;
}

/** A live message of the report in a language. */
type Say = <K extends LiveMessageId>(id: K, ...data: Parameters<typeof lt<K>>[1] extends undefined ? [] : [LiveData<K>]) => string;

function sayIn(language: Language): Say {
  return ((id: LiveMessageId, data?: Record<string, string | number>) =>
    renderLive(lt(id as 'common.none', ...((data ? [data] : []) as [])), language)) as Say;
}

const sayEnglish = sayIn('en');

function statusText(step: { status: CheckStatus; severity: Severity }, say: Say = sayEnglish): string {
  if (step.status === 'failed')
    return step.severity === 'error' ? say('outline.failed') : say('outline.failedSeverity', { severity: step.severity });
  return step.status === 'passed' ? say('outline.passed') : say('outline.unknown');
}

function detailNodes(parentId: string, step: CheckStep, say: Say): OutlineNode[] {
  const details: OutlineNode[] = [
    {
      id: `${parentId}/why`,
      label: step.status === 'passed' ? say('outline.ok') : say('outline.why'),
      description: step.reason,
      tooltip: step.reason,
      status: 'detail',
      severity: null,
      children: [],
    },
  ];
  if (step.fix)
    details.push({
      id: `${parentId}/fix`,
      label: say('outline.fix'),
      description: step.fix,
      tooltip: step.fix,
      status: 'detail',
      severity: null,
      children: [],
    });
  if (step.advice)
    details.push({
      id: `${parentId}/advice`,
      label: say('outline.advice'),
      description: step.advice,
      tooltip: step.advice,
      status: 'detail',
      severity: null,
      children: [],
    });
  return details;
}

function stepNode(parentId: string, index: number, step: CheckStep, say: Say): OutlineNode {
  const id = `${parentId}/${index}`;
  const tooltip = [
    `${step.title}: ${statusText(step, say)}`,
    step.resource ? say('outline.resource', { resource: step.resource }) : null,
    say('outline.rule', { rule: step.ruleId }),
    step.reason,
    step.fix ? say('report.fix', { text: step.fix }) : null,
    step.advice ? say('report.advice', { text: step.advice }) : null,
  ]
    .filter((line): line is string => !!line)
    .join('\n');
  return {
    id,
    label: step.title,
    description: [step.resource, step.status === 'passed' ? null : statusText(step, say)].filter(Boolean).join(' — '),
    tooltip,
    status: step.status,
    severity: step.status === 'failed' ? step.severity : null,
    children: detailNodes(id, step, say),
  };
}

function worst(steps: CheckStep[]): { status: CheckStatus; severity: Severity | null } {
  const failed = steps.filter((step) => step.status === 'failed');
  if (failed.length > 0) {
    const severity = failed.some((step) => step.severity === 'error')
      ? 'error'
      : failed.some((step) => step.severity === 'warning')
        ? 'warning'
        : 'info';
    return { status: 'failed', severity };
  }
  return { status: steps.some((step) => step.status === 'unknown') ? 'unknown' : 'passed', severity: null };
}

function groupNode(id: string, label: string, steps: CheckStep[], say: Say): OutlineNode {
  const state = worst(steps);
  return {
    id,
    label,
    description:
      state.status === 'passed'
        ? say('outline.groupPassed', { count: steps.length })
        : state.status === 'failed'
          ? say('outline.failed')
          : say('outline.unknown'),
    tooltip: steps.map((step) => `${step.title}: ${statusText(step, say)} — ${step.reason}`).join('\n'),
    status: state.status,
    severity: state.severity,
    children: steps.map((step, index) => stepNode(id, index, step, say)),
  };
}

/**
 * Builds the outline: scope, one node per needed service (its hops below), then DNS, execution role and images.
 * `language` is that of the labels; pass a result localized to the same language (`localizeLiveResult`).
 */
export function buildResultOutline(result: LiveCheckResult, language: Language = 'en'): OutlineNode[] {
  const say = sayIn(language);
  const nodes: OutlineNode[] = [
    {
      id: 'scope',
      label: result.scope.inScope ? say('outline.scopeNeedsEndpoints') : say('outline.scopeInternet'),
      description: result.scope.status === 'unknown' ? say('outline.unknown') : '',
      tooltip: result.scope.reason,
      status: result.scope.status,
      severity: null,
      children: [
        {
          id: 'scope/why',
          label: say('outline.why'),
          description: result.scope.reason,
          tooltip: result.scope.reason,
          status: 'detail',
          severity: null,
          children: [],
        },
      ],
    },
  ];
  for (const path of result.services) {
    const id = `service/${path.service}`;
    const state = worst(path.hops);
    nodes.push({
      id,
      label: path.service,
      description: `${path.viaInternet ? say('report.throughInternet') : (path.endpointId ?? say('report.noEndpoint'))} — ${statusText({ status: path.status, severity: 'error' }, say)}`,
      tooltip: say('outline.neededBecause', {
        serviceName: path.serviceName,
        type: path.endpointType,
        because: path.texts ? renderLive(path.texts.neededBecause, language) : path.neededBecause,
      }),
      status: path.status,
      severity: state.severity,
      children: path.hops.map((hop, index) => stepNode(id, index, hop, say)),
    });
  }
  if (result.dns.length > 0) nodes.push(groupNode('dns', say('group.dns'), result.dns, say));
  if (result.iam.length > 0) nodes.push(groupNode('iam', say('group.executionRole'), result.iam, say));
  if (result.images.length > 0) nodes.push(groupNode('images', say('group.images'), result.images, say));
  if (result.secrets.length > 0) nodes.push(groupNode('secrets', say('group.secrets'), result.secrets, say));
  if (result.stops.length > 0) {
    // Stop reasons go first: they are what a user whose task just failed came for.
    nodes.unshift({
      id: 'stops',
      label: say('outline.whyStopped'),
      description: result.stops.some((stop) => stop.agrees === false) ? say('outline.disagrees') : `${result.stops.length}`,
      tooltip: result.stops.map((stop) => stop.message).join('\n'),
      status: result.stops.some((stop) => stop.explainedBy?.status === 'failed') ? 'failed' : 'unknown',
      severity: result.stops.some((stop) => stop.explainedBy?.status === 'failed') ? 'error' : null,
      children: result.stops.map((stop, index) => ({
        id: `stops/${index}`,
        label: stop.source === 'event' ? say('outline.serviceEvent') : say('outline.stoppedTask'),
        description: stop.message,
        tooltip: stop.message,
        status: 'detail' as const,
        severity: null,
        children: [],
      })),
    });
  }
  return nodes;
}

function marker(status: CheckStatus): string {
  return status === 'passed' ? '[ok]  ' : status === 'failed' ? '[FAIL]' : '[??]  ';
}

/** A one-line summary: what was checked and how many findings of each severity. */
export function summarizeLiveResult(result: LiveCheckResult, facts?: LiveRunFacts): string {
  const target = result.target;
  const what =
    target.kind === 'service'
      ? `service ${target.serviceName} (${target.clusterArn?.split('/').pop()})`
      : target.kind === 'task'
        ? `task ${target.taskArn?.split('/').pop()} (${target.clusterArn?.split('/').pop()})`
        : `${target.vpcId} (no service)`;
  const count = (severity: Severity) => result.findings.filter((finding) => finding.severity === severity).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const calls = facts ? `; ${plural(facts.apiCalls.total, 'API call')} in ${facts.durationMs} ms` : '';
  const undecided = result.undecided.length > 0 ? `, ${result.undecided.length} undecided (incomplete)` : '';
  return `${what} in ${target.vpcId}, ${target.region}: ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info${undecided}${calls}`;
}

/** The plain-text report: every step with its status, id, reason and fix, then the findings and the API calls. */
export function formatLiveReport(result: LiveCheckResult, facts?: LiveRunFacts): string[] {
  const lines: string[] = [`Live check: ${summarizeLiveResult(result, facts)}`];
  for (const stop of result.stops) lines.push(`Stopped: ${stop.message}`);
  lines.push(`Scope: ${result.scope.reason}`);
  const stepLine = (step: CheckStep) => {
    const out = [`    ${marker(step.status)} ${step.title}${step.resource ? ` ${step.resource}` : ''} — ${step.reason}`];
    if (step.fix && step.status !== 'passed') out.push(`           Fix: ${step.fix}`);
    if (step.command && step.status !== 'passed') out.push(`           Run: ${step.command}`);
    const link = step.status !== 'passed' ? consoleUrl(step.resource, result.target.region) : null;
    if (link) out.push(`           Console: ${link}`);
    if (step.advice) out.push(`           Advice: ${step.advice}`);
    return out;
  };
  for (const path of result.services) {
    lines.push(`  ${path.service} (${path.viaInternet ? 'through the internet' : (path.endpointId ?? 'no endpoint')}): ${path.status}`);
    for (const hop of path.hops) lines.push(...stepLine(hop));
  }
  for (const [label, steps] of [
    ['DNS', result.dns],
    ['Execution role', result.iam],
    ['Images', result.images],
    ['Secrets', result.secrets],
  ] as const) {
    if (steps.length === 0) continue;
    lines.push(`  ${label}:`);
    for (const step of steps) lines.push(...stepLine(step));
  }
  if (result.undecided.length > 0) {
    lines.push(`Undecided (${result.undecided.length}): the check is incomplete`);
    for (const item of result.undecided)
      lines.push(`  ${item.group} / ${item.title}${item.resource ? ` ${item.resource}` : ''}: ${item.reason}`);
  }
  lines.push(result.findings.length === 0 ? 'Findings: none' : `Findings (${result.findings.length}):`);
  for (const finding of result.findings)
    lines.push(`  ${finding.resource ?? '-'} ${finding.severity} ${finding.ruleId} ${finding.message}`);
  if (facts) {
    const perOperation = Object.entries(facts.apiCalls.byOperation)
      .map(([operation, count]) => `${operation} ${count}`)
      .join(', ');
    lines.push(`API calls: ${facts.apiCalls.total} (${perOperation}) in ${facts.durationMs} ms`);
  }
  return lines;
}

const maxLine = 100;

/** Cuts a sentence to `width` characters for one short line; the full text goes in the indented details. */
function clip(text: string, width = maxLine): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

function targetText(result: LiveCheckResult, say: Say): string {
  const target = result.target;
  const cluster = `${target.clusterArn?.split('/').pop()}`;
  const what =
    target.kind === 'service'
      ? say('report.targetService', { service: `${target.serviceName}`, cluster })
      : target.kind === 'task'
        ? say('report.targetTask', { task: `${target.taskArn?.split('/').pop()}`, cluster })
        : say('report.targetVpc', { vpc: target.vpcId, subnets: target.subnetIds.join(',') || say('common.none') });
  return say('report.targetIn', { what, vpc: target.vpcId, region: target.region });
}

function statusWord(status: CheckStatus, severity: Severity | null): string {
  if (status === 'passed') return 'ok';
  if (status === 'unknown') return '??';
  return severity === 'error' || severity === null ? 'FAIL' : severity === 'warning' ? 'WARN' : 'info';
}

/**
 * The command line's text output: stop reasons first, then one block per needed service in path order (task SG
 * egress → NACL → route → endpoint → endpoint SG → policy), then DNS, the execution role, images and secrets.
 * A passed group is one line; failed and undecided steps get indented details: why, the fix, the AWS CLI command
 * and the console link. Then the undecided steps and a summary line.
 */
export function formatLiveText(result: LiveCheckResult, facts?: LiveRunFacts, language: Language = 'en'): string[] {
  const say = sayIn(language);
  const region = result.target.region;
  const lines: string[] = [say('report.heading', { target: targetText(result, say) })];
  if (result.stops.length > 0) {
    lines.push(say('report.whyStopped'));
    for (const stop of result.stops) {
      lines.push(`  ${stop.agrees === false ? '!!' : '->'} ${stop.headline}`);
      lines.push(
        `      ${stop.source === 'event' ? say('report.event') : say('report.task', { task: `${stop.id.split('/').pop()}` })}: ${stop.reason.replace(/\s+/g, ' ')}`,
      );
      lines.push(`      ${stop.message.slice(stop.message.indexOf('→') + 2)}`);
    }
  }
  const scopeState =
    result.scope.status === 'unknown'
      ? say('report.scopeUndecided')
      : result.scope.inScope
        ? say('report.scopeNeedsEndpoints')
        : say('report.scopeInternet');
  lines.push(say('report.scope', { state: scopeState }), `      ${result.scope.reason}`);
  const details = (step: CheckStep) => {
    const out = [`      ${step.reason}`];
    if (step.fix && step.status === 'failed') out.push(`      ${say('report.fix', { text: step.fix })}`);
    if (step.command && step.status === 'failed') out.push(`      ${say('report.run', { text: step.command })}`);
    const link = step.status !== 'passed' ? consoleUrl(step.resource, region) : null;
    if (link) out.push(`      ${say('report.console', { text: link })}`);
    if (step.advice) out.push(`      ${say('report.advice', { text: step.advice })}`);
    return out;
  };
  const block = (label: string, steps: CheckStep[]) => {
    const state = worst(steps);
    if (state.status === 'passed' && !steps.some((step) => step.advice)) {
      lines.push(say(steps.length === 1 ? 'report.blockOk' : 'report.blockOkMany', { label, count: steps.length }));
      return;
    }
    lines.push(
      state.status === 'failed'
        ? state.severity === 'error'
          ? say('report.blockFailed', { label })
          : say('report.blockFailedSeverity', { label, severity: `${state.severity}` })
        : state.status === 'unknown'
          ? say('report.blockUnknown', { label })
          : say('report.blockPassed', { label }),
    );
    for (const step of steps) {
      lines.push(
        `  ${statusWord(step.status, step.severity).padEnd(4)} ${clip(`${step.title}${step.resource ? ` ${step.resource}` : ''}`, maxLine - 7)}`,
      );
      if (step.status !== 'passed' || step.advice) lines.push(...details(step));
    }
  };
  for (const path of result.services) {
    block(
      say('report.serviceVia', {
        service: path.service,
        via: path.viaInternet ? say('report.throughInternet') : (path.endpointId ?? say('report.noEndpoint')),
      }),
      path.hops,
    );
  }
  for (const [label, steps] of [
    [say('group.dns'), result.dns],
    [say('group.executionRole'), result.iam],
    [say('group.images'), result.images],
    [say('group.secrets'), result.secrets],
  ] as const) {
    if (steps.length > 0) block(label, steps);
  }
  for (const concern of result.scope.egressConcerns) {
    if (!lines.some((line) => line.includes(concern.resource)))
      lines.push(
        say('report.egress', { marker: concern.kind === 'broken-nat' ? 'FAIL' : '??', resource: concern.resource }),
        `      ${concern.reason}`,
        ...(consoleUrl(concern.resource, region)
          ? [`      ${say('report.console', { text: `${consoleUrl(concern.resource, region)}` })}`]
          : []),
      );
  }
  if (result.undecided.length > 0) {
    lines.push(say('report.undecided', { count: result.undecided.length }));
    for (const item of result.undecided)
      lines.push(
        `  ?? ${clip(`${item.group} / ${item.title}${item.resource ? ` ${item.resource}` : ''}`, maxLine - 5)}`,
        `      ${item.reason}`,
      );
  }
  const count = (severity: Severity) => result.findings.filter((finding) => finding.severity === severity).length;
  const errors = count('error');
  const warnings = count('warning');
  const summary = {
    errors: say(errors === 1 ? 'report.errorsOne' : 'report.errorsMany', { count: errors }),
    warnings: say(warnings === 1 ? 'report.warningsOne' : 'report.warningsMany', { count: warnings }),
    info: count('info'),
    undecided: result.undecided.length,
    calls: facts ? say(facts.apiCalls.total === 1 ? 'report.callsOne' : 'report.callsMany', { count: facts.apiCalls.total }) : '',
  };
  lines.push(facts ? say('report.summaryTimed', { ...summary, ms: facts.durationMs }) : say('report.summary', summary));
  return lines;
}
