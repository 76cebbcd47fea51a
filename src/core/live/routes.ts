/** Route tables: which table a subnet uses, and whether it routes to the internet. */
import { endpointServiceMatches, serviceNameFor } from './context';
import { renderLive } from '../l10n/live-format';
import { lt, type LiveText } from '../l10n/live-messages';
import type { NatGatewayInfo, PrefixListInfo, RouteInfo, RouteTableInfo, VpcEndpointInfo } from './types';

/** The table a subnet uses: its explicit association, else the VPC's main table. */
export function routeTableForSubnet(subnetId: string, tables: RouteTableInfo[]): RouteTableInfo | null {
  return tables.find((table) => table.subnetIds.includes(subnetId)) ?? tables.find((table) => table.isMain) ?? null;
}

/**
 * The S3 prefix list as the routes to an S3 gateway endpoint name it (AWS adds that route with the region's S3
 * prefix list as its destination), or null when no route table routes to one.
 */
export function s3PrefixListOfGatewayRoutes(endpoints: VpcEndpointInfo[], tables: RouteTableInfo[], region: string): PrefixListInfo | null {
  const gatewayIds = new Set(
    endpoints
      .filter((endpoint) => endpoint.endpointType.toLowerCase() === 'gateway' && endpointServiceMatches(endpoint, region, 's3'))
      .map((endpoint) => endpoint.vpcEndpointId),
  );
  for (const table of tables) {
    for (const route of table.routes) {
      if (route.destinationPrefixListId && gatewayIds.has(route.targetId)) {
        const serviceName =
          endpoints.find((endpoint) => endpoint.vpcEndpointId === route.targetId)?.serviceName ?? serviceNameFor(region, 's3');
        return { prefixListId: route.destinationPrefixListId, prefixListName: serviceName };
      }
    }
  }
  return null;
}

/** A default route that reaches the internet, described for messages (e.g. `nat-0abc (NAT gateway)`). */
export interface InternetRoute {
  route: RouteInfo;
  via: string;
  /** The live message `via` was rendered from. */
  viaText: LiveText;
}

/**
 * What a task subnet's default route leads to, when it is not plainly the internet:
 * - `broken-nat`: a NAT gateway whose own subnet has no internet gateway route (or that is not available), so
 *   traffic through it goes nowhere;
 * - `unknown-egress`: a transit gateway, virtual private gateway or peering connection, whose far side this
 *   account's tables do not show (a central egress VPC may give internet, or nothing may).
 */
export interface EgressConcern {
  kind: 'broken-nat' | 'unknown-egress';
  route: RouteInfo;
  via: string;
  viaText: LiveText;
  /** Why, in one sentence. */
  reason: string;
  reasonText: LiveText;
  /** The resource to look at (the NAT gateway's route table, or the gateway itself). */
  resource: string;
}

/** What a route table's default route gives: internet, a concern, or nothing (no default route). */
export type DefaultRouteVerdict =
  | { internet: InternetRoute; concern?: undefined }
  | { internet?: undefined; concern: EgressConcern }
  | null;

/** Both renderings of a route phrase: English for the result, the message for other languages. */
function phrase<K extends 'via' | 'reason'>(key: K, text: LiveText): Record<K, string> & Record<`${K}Text`, LiveText> {
  return { [key]: renderLive(text, 'en'), [`${key}Text`]: text } as Record<K, string> & Record<`${K}Text`, LiveText>;
}

/**
 * The active default route of `table` and what it gives the tasks. An internet gateway counts only when tasks get
 * a public IP; a private NAT gateway never counts; a public NAT gateway counts only when its own subnet routes to an
 * internet gateway (when `natGateways` or `tables` are unknown the NAT gateway is assumed to work).
 */

export function classifyDefaultRoute(
  table: RouteTableInfo,
  options: { internetGatewayCounts: boolean; natGateways: NatGatewayInfo[] | null; tables?: RouteTableInfo[] },
): DefaultRouteVerdict {
  for (const route of table.routes) {
    if (route.destinationCidr !== '0.0.0.0/0' || route.state !== 'active') continue;
    switch (route.targetKind) {
      case 'internet-gateway':
        if (options.internetGatewayCounts)
          return { internet: { route, ...phrase('via', lt('routeVia.internetGateway', { id: `${route.targetId}` })) } };
        break;
      case 'nat-gateway': {
        const nat = options.natGateways?.find((gateway) => gateway.natGatewayId === route.targetId);
        if (nat && nat.connectivityType === 'private') break;
        if (nat && nat.state !== 'available') {
          return {
            concern: {
              kind: 'broken-nat',
              route,
              ...phrase('via', lt('routeVia.natGateway', { id: `${route.targetId}` })),
              resource: route.targetId,
              ...phrase(
                'reason',
                lt('routeConcern.natNotAvailable', { table: table.routeTableId, nat: `${route.targetId}`, state: `${nat.state}` }),
              ),
            },
          };
        }
        const natTable = nat?.subnetId && options.tables ? routeTableForSubnet(nat.subnetId, options.tables) : null;
        if (nat?.subnetId && natTable && !hasInternetGatewayRoute(natTable)) {
          return {
            concern: {
              kind: 'broken-nat',
              route,
              ...phrase('via', lt('routeVia.natGateway', { id: `${route.targetId}` })),
              resource: natTable.routeTableId,
              ...phrase(
                'reason',
                lt('routeConcern.natNoInternet', {
                  table: table.routeTableId,
                  nat: `${route.targetId}`,
                  subnet: nat.subnetId,
                  natTable: natTable.routeTableId,
                }),
              ),
            },
          };
        }
        return { internet: { route, ...phrase('via', lt('routeVia.natGateway', { id: `${route.targetId}` })) } };
      }
      case 'transit-gateway':
      case 'virtual-private-gateway':
      case 'vpc-peering': {
        const what = lt(
          route.targetKind === 'transit-gateway'
            ? 'routeKind.transitGateway'
            : route.targetKind === 'vpc-peering'
              ? 'routeKind.peering'
              : 'routeKind.virtualPrivateGateway',
        );
        return {
          concern: {
            kind: 'unknown-egress',
            route,
            ...phrase('via', lt('routeVia.named', { id: `${route.targetId}`, what })),
            resource: route.targetId,
            ...phrase('reason', lt('routeConcern.unknownEgress', { table: table.routeTableId, what, target: `${route.targetId}` })),
          },
        };
      }
      case 'network-interface':
      case 'instance':
        return { internet: { route, ...phrase('via', lt('routeVia.natInstance', { id: `${route.targetId}` })) } };
      default:
        break;
    }
  }
  return null;
}

/** The route that gives tasks internet access, or null (see classifyDefaultRoute). */
export function findInternetRoute(
  table: RouteTableInfo,
  options: { internetGatewayCounts: boolean; natGateways: NatGatewayInfo[] | null; tables?: RouteTableInfo[] },
): InternetRoute | null {
  return classifyDefaultRoute(table, options)?.internet ?? null;
}

/** True when the table has an active 0.0.0.0/0 route to an internet gateway (used to tell public subnets apart). */
export function hasInternetGatewayRoute(table: RouteTableInfo): boolean {
  return table.routes.some(
    (route) => route.destinationCidr === '0.0.0.0/0' && route.state === 'active' && route.targetKind === 'internet-gateway',
  );
}

/** True when some active default route goes to a NAT gateway (the NAT gateways must then be read). */
export function hasNatGatewayRoute(tables: RouteTableInfo[]): boolean {
  return tables.some((table) => table.routes.some((route) => route.destinationCidr === '0.0.0.0/0' && route.targetKind === 'nat-gateway'));
}
