/** Scope: do the task subnets route to the internet (then endpoints are not needed)? */
import { renderLive } from '../l10n/live-format';
import { ljoin, lt, type LiveArg, type LiveText } from '../l10n/live-messages';
import { CheckContext, idList } from './context';
import type { ScopeResult } from './result';
import { classifyDefaultRoute, hasInternetGatewayRoute, routeTableForSubnet } from './routes';

/** Decides which task subnets lack an internet route (and so need endpoints); chooses private subnets for a VPC target. */
export function decideScope(
  context: Pick<CheckContext, 'target' | 'routeTables' | 'natGateways'>,
  subnetsToBeChosen: boolean,
): { scope: ScopeResult; taskSubnetIds: string[] } {
  const { target } = context;
  if (!context.routeTables.ok) {
    return {
      scope: {
        inScope: true,
        status: 'unknown',
        privateSubnetIds: target.subnetIds,
        internetSubnets: [],
        egressConcerns: [],
        ...scopeReason(lt('scope.routeTablesUnread', { failure: context.routeTables.failure.message })),
        apiFailure: context.routeTables.failure,
      },
      taskSubnetIds: target.subnetIds,
    };
  }
  const tables = context.routeTables.value;
  // A VPC target has no assignPublicIp setting: a subnet routed to an internet gateway is taken as public.
  const internetGatewayCounts = target.kind === 'vpc' || target.assignPublicIp;
  let candidateSubnets = target.subnetIds;
  if (subnetsToBeChosen) {
    const privateOnes = candidateSubnets.filter((subnetId) => {
      const table = routeTableForSubnet(subnetId, tables);
      return !table || !hasInternetGatewayRoute(table);
    });
    if (privateOnes.length > 0) candidateSubnets = privateOnes;
  }
  const privateSubnetIds: string[] = [];
  const internetSubnets: ScopeResult['internetSubnets'] = [];
  const egressConcerns: ScopeResult['egressConcerns'] = [];
  const phrases: Record<string, LiveText> = {};
  for (const subnetId of candidateSubnets) {
    const table = routeTableForSubnet(subnetId, tables);
    const verdict = table ? classifyDefaultRoute(table, { internetGatewayCounts, natGateways: context.natGateways, tables }) : null;
    if (table && verdict?.internet) {
      internetSubnets.push({ subnetId, routeTableId: table.routeTableId, via: verdict.internet.via });
      phrases[verdict.internet.via] = verdict.internet.viaText;
    } else {
      privateSubnetIds.push(subnetId);
      if (table && verdict?.concern) {
        const { kind, via, reason, resource } = verdict.concern;
        egressConcerns.push({ subnetId, routeTableId: table.routeTableId, kind, via, reason, resource });
        phrases[via] = verdict.concern.viaText;
        phrases[reason] = verdict.concern.reasonText;
      }
    }
  }
  const phrase = (english: string): LiveArg => phrases[english] ?? english;
  const chosenText: LiveArg = subnetsToBeChosen ? lt('scope.chosen', { subnets: idList(candidateSubnets) }) : '';
  const igwNote =
    !internetGatewayCounts &&
    candidateSubnets.some((subnetId) => {
      const table = routeTableForSubnet(subnetId, tables);
      return table ? hasInternetGatewayRoute(table) : false;
    })
      ? lt('scope.igwNoPublicIp')
      : '';
  let reason: LiveText;
  const concernText: LiveArg =
    egressConcerns.length > 0
      ? lt('scope.notCounted', { concerns: ljoin([...new Set(egressConcerns.map((item) => item.reason))].map(phrase), '; ') })
      : '';
  if (internetSubnets.length === 0) {
    reason = lt(egressConcerns.length > 0 ? 'scope.noWorkingRoute' : 'scope.noRoute', {
      subnets: idList(privateSubnetIds),
      chosen: chosenText,
      igwNote,
      concerns: concernText,
    });
  } else if (privateSubnetIds.length === 0) {
    reason = lt('scope.allInternet', {
      routes: ljoin(
        internetSubnets.map((item) =>
          lt('scope.internetRoute', { subnet: item.subnetId, via: phrase(item.via), table: item.routeTableId }),
        ),
        '; ',
      ),
      chosen: chosenText,
    });
  } else {
    reason = lt('scope.mixed', {
      subnets: idList(privateSubnetIds),
      internet: ljoin(
        internetSubnets.map((item) => lt('scope.reachesInternet', { subnet: item.subnetId, via: phrase(item.via) })),
        '; ',
      ),
      chosen: chosenText,
      igwNote,
      concerns: concernText,
    });
  }
  return {
    scope: {
      inScope: privateSubnetIds.length > 0,
      status: egressConcerns.some((item) => item.kind === 'unknown-egress') ? 'unknown' : 'passed',
      ...scopeReason(reason, phrases),
      privateSubnetIds,
      internetSubnets,
      egressConcerns,
    },
    taskSubnetIds: candidateSubnets,
  };
}

/** The scope's reason in English, and the live message it came from. */
function scopeReason(
  text: LiveText,
  phrases: Record<string, LiveText> = {},
): { reason: string; texts: { reason: LiveText; phrases?: Record<string, LiveText> } } {
  return { reason: renderLive(text, 'en'), texts: { reason: text, ...(Object.keys(phrases).length > 0 ? { phrases } : {}) } };
}

/** A `via` or `reason` phrase of the scope as its live message (the English text when it has none). */
export function scopePhrase(scope: ScopeResult, english: string): LiveArg {
  return scope.texts?.phrases?.[english] ?? english;
}
