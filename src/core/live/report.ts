/**
 * Editor-free presentations of a live result: an outline (the tree the VS Code view shows) and a plain-text
 * report (the output channel's log). Both list every step with its status, AWS id, reason and fix.
 */
import type { Severity } from '../findings';
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

function statusText(step: { status: CheckStatus; severity: Severity }): string {
  if (step.status === 'failed') return step.severity === 'error' ? 'failed' : `failed (${step.severity})`;
  return step.status;
}

function detailNodes(parentId: string, step: CheckStep): OutlineNode[] {
  const details: OutlineNode[] = [
    {
      id: `${parentId}/why`,
      label: step.status === 'passed' ? 'OK' : 'Why',
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
      label: 'Fix',
      description: step.fix,
      tooltip: step.fix,
      status: 'detail',
      severity: null,
      children: [],
    });
  if (step.advice)
    details.push({
      id: `${parentId}/advice`,
      label: 'Advice',
      description: step.advice,
      tooltip: step.advice,
      status: 'detail',
      severity: null,
      children: [],
    });
  return details;
}

function stepNode(parentId: string, index: number, step: CheckStep): OutlineNode {
  const id = `${parentId}/${index}`;
  const tooltip = [
    `${step.title}: ${statusText(step)}`,
    step.resource ? `Resource: ${step.resource}` : null,
    `Rule: ${step.ruleId}`,
    step.reason,
    step.fix ? `Fix: ${step.fix}` : null,
    step.advice ? `Advice: ${step.advice}` : null,
  ]
    .filter((line): line is string => !!line)
    .join('\n');
  return {
    id,
    label: step.title,
    description: [step.resource, step.status === 'passed' ? null : statusText(step)].filter(Boolean).join(' — '),
    tooltip,
    status: step.status,
    severity: step.status === 'failed' ? step.severity : null,
    children: detailNodes(id, step),
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

function groupNode(id: string, label: string, steps: CheckStep[]): OutlineNode {
  const state = worst(steps);
  return {
    id,
    label,
    description: state.status === 'passed' ? `${steps.length} passed` : state.status,
    tooltip: steps.map((step) => `${step.title}: ${statusText(step)} — ${step.reason}`).join('\n'),
    status: state.status,
    severity: state.severity,
    children: steps.map((step, index) => stepNode(id, index, step)),
  };
}

/** Builds the outline: scope, one node per needed service (its hops below), then DNS, execution role and images. */
export function buildResultOutline(result: LiveCheckResult): OutlineNode[] {
  const nodes: OutlineNode[] = [
    {
      id: 'scope',
      label: result.scope.inScope ? 'Scope: the tasks need VPC endpoints' : 'Scope: the tasks reach the internet',
      description: result.scope.status === 'unknown' ? 'unknown' : '',
      tooltip: result.scope.reason,
      status: result.scope.status,
      severity: null,
      children: [
        {
          id: 'scope/why',
          label: 'Why',
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
      description: `${path.viaInternet ? 'through the internet' : (path.endpointId ?? 'no endpoint')} — ${path.status}`,
      tooltip: `${path.serviceName} (${path.endpointType}): needed because ${path.neededBecause}.`,
      status: path.status,
      severity: state.severity,
      children: path.hops.map((hop, index) => stepNode(id, index, hop)),
    });
  }
  if (result.dns.length > 0) nodes.push(groupNode('dns', 'DNS', result.dns));
  if (result.iam.length > 0) nodes.push(groupNode('iam', 'Execution role', result.iam));
  if (result.images.length > 0) nodes.push(groupNode('images', 'Images', result.images));
  if (result.secrets.length > 0) nodes.push(groupNode('secrets', 'Secrets', result.secrets));
  if (result.stops.length > 0) {
    // Stop reasons go first: they are what a user whose task just failed came for.
    nodes.unshift({
      id: 'stops',
      label: 'Why tasks stopped',
      description: result.stops.some((stop) => stop.agrees === false) ? 'disagrees with the check' : `${result.stops.length}`,
      tooltip: result.stops.map((stop) => stop.message).join('\n'),
      status: result.stops.some((stop) => stop.explainedBy?.status === 'failed') ? 'failed' : 'unknown',
      severity: result.stops.some((stop) => stop.explainedBy?.status === 'failed') ? 'error' : null,
      children: result.stops.map((stop, index) => ({
        id: `stops/${index}`,
        label: stop.source === 'event' ? 'Service event' : 'Stopped task',
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

function targetText(result: LiveCheckResult): string {
  const target = result.target;
  const what =
    target.kind === 'service'
      ? `service ${target.serviceName} (${target.clusterArn?.split('/').pop()})`
      : target.kind === 'task'
        ? `task ${target.taskArn?.split('/').pop()} (${target.clusterArn?.split('/').pop()})`
        : `${target.vpcId} subnets ${target.subnetIds.join(',') || 'none'}`;
  return `${what} in ${target.vpcId}, ${target.region}`;
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
export function formatLiveText(result: LiveCheckResult, facts?: LiveRunFacts): string[] {
  const region = result.target.region;
  const lines: string[] = [`Live check of ${targetText(result)}`];
  if (result.stops.length > 0) {
    lines.push('Why tasks stopped:');
    for (const stop of result.stops) {
      lines.push(`  ${stop.agrees === false ? '!!' : '->'} ${stop.headline}`);
      lines.push(`      ${stop.source === 'event' ? 'Event' : `Task ${stop.id.split('/').pop()}`}: ${stop.reason.replace(/\s+/g, ' ')}`);
      lines.push(`      ${stop.message.slice(stop.message.indexOf('→') + 2)}`);
    }
  }
  const scopeState =
    result.scope.status === 'unknown'
      ? 'undecided'
      : result.scope.inScope
        ? 'the tasks need VPC endpoints'
        : 'the tasks reach the internet';
  lines.push(`Scope: ${scopeState}`, `      ${result.scope.reason}`);
  const details = (step: CheckStep) => {
    const out = [`      ${step.reason}`];
    if (step.fix && step.status === 'failed') out.push(`      Fix: ${step.fix}`);
    if (step.command && step.status === 'failed') out.push(`      Run: ${step.command}`);
    const link = step.status !== 'passed' ? consoleUrl(step.resource, region) : null;
    if (link) out.push(`      Console: ${link}`);
    if (step.advice) out.push(`      Advice: ${step.advice}`);
    return out;
  };
  const block = (label: string, steps: CheckStep[]) => {
    const state = worst(steps);
    if (state.status === 'passed' && !steps.some((step) => step.advice)) {
      lines.push(`${label}: ok (${steps.length} step${steps.length === 1 ? '' : 's'})`);
      return;
    }
    lines.push(
      `${label}: ${state.status === 'failed' ? (state.severity === 'error' ? 'FAILED' : `failed (${state.severity})`) : state.status}`,
    );
    for (const step of steps) {
      lines.push(
        `  ${statusWord(step.status, step.severity).padEnd(4)} ${clip(`${step.title}${step.resource ? ` ${step.resource}` : ''}`, maxLine - 7)}`,
      );
      if (step.status !== 'passed' || step.advice) lines.push(...details(step));
    }
  };
  for (const path of result.services) {
    block(`${path.service} (${path.viaInternet ? 'through the internet' : (path.endpointId ?? 'no endpoint')})`, path.hops);
  }
  for (const [label, steps] of [
    ['DNS', result.dns],
    ['Execution role', result.iam],
    ['Images', result.images],
    ['Secrets', result.secrets],
  ] as const) {
    if (steps.length > 0) block(label, steps);
  }
  for (const concern of result.scope.egressConcerns) {
    if (!lines.some((line) => line.includes(concern.resource)))
      lines.push(
        `Egress: ${concern.kind === 'broken-nat' ? 'FAIL' : '??'} ${concern.resource}`,
        `      ${concern.reason}`,
        ...(consoleUrl(concern.resource, region) ? [`      Console: ${consoleUrl(concern.resource, region)}`] : []),
      );
  }
  if (result.undecided.length > 0) {
    lines.push(`Undecided (${result.undecided.length}): the run is incomplete, nothing below is a pass`);
    for (const item of result.undecided)
      lines.push(
        `  ?? ${clip(`${item.group} / ${item.title}${item.resource ? ` ${item.resource}` : ''}`, maxLine - 5)}`,
        `      ${item.reason}`,
      );
  }
  const count = (severity: Severity) => result.findings.filter((finding) => finding.severity === severity).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const calls = facts ? `; ${plural(facts.apiCalls.total, 'API call')}` : '';
  lines.push(
    `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info, ${result.undecided.length} undecided${calls}${facts ? ` in ${facts.durationMs} ms` : ''}`,
  );
  return lines;
}
