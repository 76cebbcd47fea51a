/** Turns a live result into flat findings: one per rule and AWS resource, failed and unknown steps only. */
import { compareFindings, Finding, Severity } from '../findings';
import type { CheckStep, LiveCheckResult, UndecidedItem } from './result';

interface FindingDraft {
  ruleId: string;
  severity: Severity;
  resource: string | null;
  reasons: string[];
  fixes: string[];
  affects: string[];
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function addDraft(
  drafts: Map<string, FindingDraft>,
  ruleId: string,
  severity: Severity,
  resource: string | null,
  reason: string,
  fix: string | null,
  affects?: string,
) {
  const key = `${ruleId}\u0000${resource ?? ''}\u0000${severity}`;
  const draft = drafts.get(key) ?? { ruleId, severity, resource, reasons: [], fixes: [], affects: [] };
  if (!draft.reasons.includes(reason)) draft.reasons.push(reason);
  if (fix && !draft.fixes.includes(fix)) draft.fixes.push(fix);
  if (affects && !draft.affects.includes(affects)) draft.affects.push(affects);
  drafts.set(key, draft);
}

function addStep(drafts: Map<string, FindingDraft>, step: CheckStep) {
  if (step.status === 'failed') addDraft(drafts, step.ruleId, step.severity, step.resource, step.reason, step.fix, step.affects);
  // An unknown step is a finding only when a read failed: the user can fix that (permissions, throttling).
  else if (step.status === 'unknown' && step.apiFailure)
    addDraft(
      drafts,
      step.ruleId,
      'warning',
      step.resource,
      `${step.title} could not be checked: ${step.apiFailure.message}`,
      null,
      step.affects,
    );
  if (step.advice) addDraft(drafts, step.ruleId, 'info', step.resource, step.advice, null);
}

/** "Affects ecr.api (vpce-…), logs (vpce-…)." — left out when it would only repeat the finding's own resource. */
function affectsSentence(draft: FindingDraft): string[] {
  if (draft.affects.length === 0) return [];
  if (draft.affects.length === 1 && draft.resource && draft.affects[0].includes(draft.resource)) return [];
  return [`Affects ${draft.affects.join(', ')}.`];
}

/**
 * Builds the findings of a result. Steps about the same rule and resource (one security group shared by several
 * endpoints, say) merge into one finding whose message lists every reason and fix once.
 */
export function collectFindings(result: Omit<LiveCheckResult, 'findings' | 'undecided'>): Finding[] {
  const drafts = new Map<string, FindingDraft>();
  const { scope } = result;
  if (scope.apiFailure) {
    addDraft(
      drafts,
      'ecr-dkr-endpoint',
      'warning',
      result.target.vpcId,
      `Whether the tasks need endpoints could not be checked: ${scope.apiFailure.message}`,
      null,
    );
  }
  const internetByTable = new Map<string, typeof scope.internetSubnets>();
  for (const internet of scope.internetSubnets)
    internetByTable.set(internet.routeTableId, [...(internetByTable.get(internet.routeTableId) ?? []), internet]);
  for (const [routeTableId, internets] of internetByTable) {
    const subnets = internets.map((internet) => internet.subnetId);
    addDraft(
      drafts,
      'ecr-dkr-endpoint',
      'info',
      routeTableId,
      `Task subnet${subnets.length > 1 ? 's' : ''} ${subnets.join(', ')} reach${subnets.length > 1 ? '' : 'es'} the internet through ${internets[0].via} (route 0.0.0.0/0 in ${routeTableId}), so ${subnets.length > 1 ? 'they need' : 'it needs'} no VPC endpoints for ECR.`,
      'ECR interface endpoints and an S3 gateway endpoint would keep image pulls off the NAT gateway and save its data charges.',
    );
  }
  for (const concern of scope.egressConcerns) {
    if (concern.kind === 'broken-nat') {
      addDraft(
        drafts,
        'ecr-dkr-endpoint',
        'error',
        concern.resource,
        `Task subnet ${concern.subnetId}: ${concern.reason}. The tasks have no way out, so they need VPC endpoints.`,
        `Add a route 0.0.0.0/0 to an internet gateway in ${concern.resource} (aws ec2 create-route --route-table-id ${concern.resource} --destination-cidr-block 0.0.0.0/0 --gateway-id <igw-id>), or create the endpoints below.`,
      );
    } else {
      addDraft(
        drafts,
        'ecr-dkr-endpoint',
        'warning',
        concern.resource,
        `Task subnet ${concern.subnetId}: ${concern.reason}. It is not counted as internet; missing endpoints are reported as undecided, not passed.`,
        `Make sure the far side of ${concern.via} gives internet access (NAT), or create the endpoints in this VPC.`,
      );
    }
  }
  for (const path of result.services) for (const step of path.hops) addStep(drafts, step);
  for (const step of [...result.dns, ...result.iam, ...result.images, ...result.secrets]) addStep(drafts, step);
  if (result.stopsFailure) {
    addDraft(
      drafts,
      'ecr-dkr-endpoint',
      'warning',
      result.target.serviceName,
      `The stopped tasks could not be read, so their stop reasons are not shown: ${result.stopsFailure.message}`,
      null,
    );
  }
  const findings = [...drafts.values()].map(
    (draft): Finding => ({
      ruleId: draft.ruleId,
      severity: draft.severity,
      message: [...draft.reasons, ...affectsSentence(draft), ...draft.fixes].join(' '),
      file: null,
      range: null,
      resource: draft.resource,
      module: '',
    }),
  );
  return findings.sort(
    (a, b) =>
      compareFindings(a, b) ||
      severityRank[a.severity] - severityRank[b.severity] ||
      (a.resource ?? '').localeCompare(b.resource ?? '') ||
      a.message.localeCompare(b.message),
  );
}

/** Every step the check could not decide, in report order: scope, each service path, DNS, role, images, secrets. */
export function collectUndecided(result: Omit<LiveCheckResult, 'findings' | 'undecided'>): UndecidedItem[] {
  const items: UndecidedItem[] = [];
  const add = (group: string, step: CheckStep) => {
    if (step.status === 'unknown') items.push({ group, title: step.title, resource: step.resource, reason: step.reason });
  };
  if (result.scope.status === 'unknown')
    items.push({
      group: 'Scope',
      title: 'Internet access of the task subnets',
      resource: result.target.vpcId,
      reason: result.scope.reason,
    });
  for (const path of result.services) for (const step of path.hops) add(path.service, step);
  for (const step of result.dns) add('DNS', step);
  for (const step of result.iam) add('Execution role', step);
  for (const step of result.images) add('Images', step);
  for (const step of result.secrets) add('Secrets', step);
  if (result.stopsFailure)
    items.push({
      group: 'Stopped tasks',
      title: 'Stopped tasks',
      resource: result.target.serviceName,
      reason: result.stopsFailure.message,
    });
  return items;
}
