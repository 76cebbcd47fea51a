/** Route tables: which table a subnet uses, and whether it routes to the internet. */
import { endpointServiceMatches, serviceNameFor } from './context';
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
  /** Why, in one sentence. */
  reason: string;
  /** The resource to look at (the NAT gateway's route table, or the gateway itself). */
  resource: string;
}

/** What a route table's default route gives: internet, a concern, or nothing (no default route). */
export type DefaultRouteVerdict =
  | { internet: InternetRoute; concern?: undefined }
  | { internet?: undefined; concern: EgressConcern }
  | null;

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
        if (options.internetGatewayCounts) return { internet: { route, via: `${route.targetId} (internet gateway)` } };
        break;
      case 'nat-gateway': {
        const nat = options.natGateways?.find((gateway) => gateway.natGatewayId === route.targetId);
        if (nat && nat.connectivityType === 'private') break;
        if (nat && nat.state !== 'available') {
          return {
            concern: {
              kind: 'broken-nat',
              route,
              via: `${route.targetId} (NAT gateway)`,
              resource: route.targetId,
              reason: `the default route of ${table.routeTableId} goes to NAT gateway ${route.targetId}, which is ${nat.state}, not available`,
            },
          };
        }
        const natTable = nat?.subnetId && options.tables ? routeTableForSubnet(nat.subnetId, options.tables) : null;
        if (nat?.subnetId && natTable && !hasInternetGatewayRoute(natTable)) {
          return {
            concern: {
              kind: 'broken-nat',
              route,
              via: `${route.targetId} (NAT gateway)`,
              resource: natTable.routeTableId,
              reason: `the default route of ${table.routeTableId} goes to NAT gateway ${route.targetId}, but its subnet ${nat.subnetId} (route table ${natTable.routeTableId}) has no route to an internet gateway, so the NAT gateway gives no internet`,
            },
          };
        }
        return { internet: { route, via: `${route.targetId} (NAT gateway)` } };
      }
      case 'transit-gateway':
      case 'virtual-private-gateway':
      case 'vpc-peering': {
        const what =
          route.targetKind === 'transit-gateway'
            ? 'transit gateway'
            : route.targetKind === 'vpc-peering'
              ? 'VPC peering connection'
              : 'virtual private gateway';
        return {
          concern: {
            kind: 'unknown-egress',
            route,
            via: `${route.targetId} (${what})`,
            resource: route.targetId,
            reason: `the default route of ${table.routeTableId} goes to ${what} ${route.targetId}; whether that leads to the internet (a central egress VPC) or nowhere cannot be seen from this VPC`,
          },
        };
      }
      case 'network-interface':
      case 'instance':
        return { internet: { route, via: `${route.targetId} (NAT instance)` } };
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
