/**
 * A live result in a language: every step's title, reason, fix and advice rendered from its live
 * messages, the findings and the undecided list built again in that language. English returns the
 * result as it is. A text without a message id (the AWS error texts, the parts of the check that
 * have no catalog entry yet) stays as it is.
 */
import type { Language } from '../l10n/language';
import { renderLive } from '../l10n/live-format';
import { collectFindings, collectUndecided } from './findings';
import type { CheckStep, LiveCheckResult } from './result';

/** One step with its texts in `language`. */
export function localizeStep<T extends CheckStep>(step: T, language: Language): T {
  if (language === 'en' || !step.texts) return step;
  const { title, reason, fix, advice } = step.texts;
  return {
    ...step,
    ...(title ? { title: renderLive(title, language) } : {}),
    ...(reason ? { reason: renderLive(reason, language) } : {}),
    ...(fix ? { fix: renderLive(fix, language) } : {}),
    ...(advice ? { advice: renderLive(advice, language) } : {}),
  };
}

/** The whole result in `language` (findings keep their message ids; their data is rendered in `language`). */
export function localizeLiveResult(result: LiveCheckResult, language: Language): LiveCheckResult {
  if (language === 'en') return result;
  const steps = (list: CheckStep[]) => list.map((step) => localizeStep(step, language));
  return {
    ...result,
    scope: result.scope.texts ? { ...result.scope, reason: renderLive(result.scope.texts.reason, language) } : result.scope,
    services: result.services.map((path) => ({ ...path, hops: path.hops.map((hop) => localizeStep(hop, language)) })),
    dns: steps(result.dns),
    iam: steps(result.iam),
    images: steps(result.images),
    secrets: steps(result.secrets),
    stops: result.stops.map((stop) =>
      stop.texts
        ? { ...stop, message: renderLive(stop.texts.message, language), headline: renderLive(stop.texts.headline, language) }
        : stop,
    ),
    findings: collectFindings(result, language),
    undecided: collectUndecided(result, language),
  };
}
