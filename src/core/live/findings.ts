/** Turns a live result into flat findings: one per rule and AWS resource, failed and unknown steps only. */
import { compareFindings, Finding, Severity } from '../findings';
import type { Language } from '../l10n/language';
import { flatLiveData, renderLive } from '../l10n/live-format';
import { ljoin, lt, type LiveText } from '../l10n/live-messages';
import { scopePhrase } from './scope';
import type { CheckStep, LiveCheckResult, UndecidedItem } from './result';

/** A sentence of a finding: a live message, or a text that has none (it reads the same in every language). */
type Sentence = LiveText | string;

interface FindingDraft {
  ruleId: string;
  severity: Severity;
  resource: string | null;
  reasons: Sentence[];
  fixes: Sentence[];
  affects: string[];
}

/** A sentence in English: what drafts are merged on, whatever language the findings are rendered in. */
function english(sentence: Sentence): string {
  return typeof sentence === 'string' ? sentence : renderLive(sentence, 'en');
}

function render(sentence: Sentence, language: Language): string {
  return typeof sentence === 'string' ? sentence : renderLive(sentence, language);
}

function pushOnce(items: Sentence[], sentence: Sentence) {
  const text = english(sentence);
  if (!items.some((item) => english(item) === text)) items.push(sentence);
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function addDraft(
  drafts: Map<string, FindingDraft>,
  ruleId: string,
  severity: Severity,
  resource: string | null,
  reason: Sentence,
  fix: Sentence | null,
  affects?: string,
) {
  const key = `${ruleId}\u0000${resource ?? ''}\u0000${severity}`;
  const draft = drafts.get(key) ?? { ruleId, severity, resource, reasons: [], fixes: [], affects: [] };
  pushOnce(draft.reasons, reason);
  if (fix) pushOnce(draft.fixes, fix);
  if (affects && !draft.affects.includes(affects)) draft.affects.push(affects);
  drafts.set(key, draft);
}

function addStep(drafts: Map<string, FindingDraft>, step: CheckStep) {
  const texts = step.texts ?? {};
  const fix = texts.fix ?? step.fix;
  if (step.status === 'failed') addDraft(drafts, step.ruleId, step.severity, step.resource, texts.reason ?? step.reason, fix, step.affects);
  // An unknown step is a finding only when a read failed: the user can fix that (permissions, throttling).
  else if (step.status === 'unknown' && step.apiFailure)
    addDraft(
      drafts,
      step.ruleId,
      'warning',
      step.resource,
      lt('finding.couldNotBeChecked', { title: texts.title ?? step.title, failure: step.apiFailure.message }),
      null,
      step.affects,
    );
  if (step.advice) addDraft(drafts, step.ruleId, 'info', step.resource, texts.advice ?? step.advice, null);
}

/** "Affects ecr.api (vpce-…), logs (vpce-…)." — left out when it would only repeat the finding's own resource. */
function affectsSentence(draft: FindingDraft): Sentence[] {
  if (draft.affects.length === 0) return [];
  if (draft.affects.length === 1 && draft.resource && draft.affects[0].includes(draft.resource)) return [];
  return [lt('finding.affects', { items: ljoin(draft.affects, ', ') })];
}

/**
 * Builds the findings of a result. Steps about the same rule and resource (one security group shared by several
 * endpoints, say) merge into one finding whose message lists every reason and fix once.
 */
export function collectFindings(result: Omit<LiveCheckResult, 'findings' | 'undecided'>, language: Language = 'en'): Finding[] {
  const drafts = new Map<string, FindingDraft>();
  const { scope } = result;
  if (scope.apiFailure) {
    addDraft(
      drafts,
      'ecr-dkr-endpoint',
      'warning',
      result.target.vpcId,
      lt('finding.scopeUnread', { failure: scope.apiFailure.message }),
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
      lt(subnets.length > 1 ? 'finding.internetMany' : 'finding.internetOne', {
        subnets: subnets.join(', '),
        via: scopePhrase(scope, internets[0].via),
        table: routeTableId,
      }),
      lt('finding.natAdvice'),
    );
  }
  for (const concern of scope.egressConcerns) {
    if (concern.kind === 'broken-nat') {
      addDraft(
        drafts,
        'ecr-dkr-endpoint',
        'error',
        concern.resource,
        lt('finding.brokenNat', { subnet: concern.subnetId, reason: scopePhrase(scope, concern.reason) }),
        lt('finding.brokenNatFix', { table: concern.resource }),
      );
    } else {
      addDraft(
        drafts,
        'ecr-dkr-endpoint',
        'warning',
        concern.resource,
        lt('finding.unknownEgress', { subnet: concern.subnetId, reason: scopePhrase(scope, concern.reason) }),
        lt('finding.unknownEgressFix', { via: scopePhrase(scope, concern.via) }),
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
      lt('finding.stopsUnread', { failure: result.stopsFailure.message }),
      null,
    );
  }
  // The first reason names the finding: its message id and data. The message is every sentence in `language`.
  const findings = [...drafts.values()].map((draft): Finding => {
    const first = draft.reasons[0];
    return {
      ruleId: draft.ruleId,
      ...(typeof first !== 'string' ? { messageId: first.id, data: flatLiveData(first, language) } : {}),
      severity: draft.severity,
      message: [...draft.reasons, ...affectsSentence(draft), ...draft.fixes]
        .map((sentence) => render(sentence, language))
        .join(language === 'ja' ? '' : ' '),
      file: null,
      range: null,
      resource: draft.resource,
      module: '',
    };
  });
  return findings.sort(
    (a, b) =>
      compareFindings(a, b) ||
      severityRank[a.severity] - severityRank[b.severity] ||
      (a.resource ?? '').localeCompare(b.resource ?? '') ||
      a.message.localeCompare(b.message),
  );
}

/** Every step the check could not decide, in report order: scope, each service path, DNS, role, images, secrets. */
export function collectUndecided(result: Omit<LiveCheckResult, 'findings' | 'undecided'>, language: Language = 'en'): UndecidedItem[] {
  const items: UndecidedItem[] = [];
  const text = (message: LiveText) => renderLive(message, language);
  const add = (group: string, step: CheckStep) => {
    if (step.status === 'unknown')
      items.push({
        group,
        title: step.texts?.title ? text(step.texts.title) : step.title,
        resource: step.resource,
        reason: step.texts?.reason ? text(step.texts.reason) : step.reason,
      });
  };
  if (result.scope.status === 'unknown')
    items.push({
      group: text(lt('group.scope')),
      title: text(lt('title.scope')),
      resource: result.target.vpcId,
      reason: result.scope.texts ? text(result.scope.texts.reason) : result.scope.reason,
    });
  for (const path of result.services) for (const step of path.hops) add(path.service, step);
  for (const step of result.dns) add(text(lt('group.dns')), step);
  for (const step of result.iam) add(text(lt('group.executionRole')), step);
  for (const step of result.images) add(text(lt('group.images')), step);
  for (const step of result.secrets) add(text(lt('group.secrets')), step);
  if (result.stopsFailure)
    items.push({
      group: text(lt('group.stoppedTasks')),
      title: text(lt('title.stoppedTasks')),
      resource: result.target.serviceName,
      reason: result.stopsFailure.message,
    });
  return items;
}
