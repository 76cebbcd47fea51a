/** Scope: do the task subnets route to the internet (then endpoints are not needed)? */
import { CheckContext, list } from './context';
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
        reason: `The route tables could not be read, so the tasks are assumed to have no internet access: ${context.routeTables.failure.message}`,
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
  for (const subnetId of candidateSubnets) {
    const table = routeTableForSubnet(subnetId, tables);
    const verdict = table ? classifyDefaultRoute(table, { internetGatewayCounts, natGateways: context.natGateways, tables }) : null;
    if (table && verdict?.internet) internetSubnets.push({ subnetId, routeTableId: table.routeTableId, via: verdict.internet.via });
    else {
      privateSubnetIds.push(subnetId);
      if (table && verdict?.concern) {
        const { kind, via, reason, resource } = verdict.concern;
        egressConcerns.push({ subnetId, routeTableId: table.routeTableId, kind, via, reason, resource });
      }
    }
  }
  const chosenText = subnetsToBeChosen
    ? ` (no subnets were given: checked the VPC's subnets without an internet gateway route: ${list(candidateSubnets)})`
    : '';
  const igwNote =
    !internetGatewayCounts &&
    candidateSubnets.some((subnetId) => {
      const table = routeTableForSubnet(subnetId, tables);
      return table ? hasInternetGatewayRoute(table) : false;
    })
      ? ' Some task subnets route to an internet gateway, but the tasks get no public IP, so that route does not help them.'
      : '';
  let reason: string;
  const concernText =
    egressConcerns.length > 0 ? ` Not counted as internet: ${[...new Set(egressConcerns.map((item) => item.reason))].join('; ')}.` : '';
  if (internetSubnets.length === 0) {
    reason = `Task subnets ${list(privateSubnetIds)} have no ${egressConcerns.length > 0 ? 'working ' : ''}route to the internet: the tasks need VPC endpoints${chosenText}.${igwNote}${concernText}`;
  } else if (privateSubnetIds.length === 0) {
    reason = `Every task subnet reaches the internet (${internetSubnets.map((item) => `${item.subnetId} via ${item.via} in ${item.routeTableId}`).join('; ')}): VPC endpoints are not needed${chosenText}.`;
  } else {
    reason = `Task subnets ${list(privateSubnetIds)} have no internet route and need endpoints; ${internetSubnets.map((item) => `${item.subnetId} reaches the internet via ${item.via}`).join('; ')}${chosenText}.${igwNote}${concernText}`;
  }
  return {
    scope: {
      inScope: privateSubnetIds.length > 0,
      status: egressConcerns.some((item) => item.kind === 'unknown-egress') ? 'unknown' : 'passed',
      reason,
      privateSubnetIds,
      internetSubnets,
      egressConcerns,
    },
    taskSubnetIds: candidateSubnets,
  };
}
