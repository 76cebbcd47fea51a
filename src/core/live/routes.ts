/** Route tables: which table a subnet uses, and whether it routes to the internet. */
import type { NatGatewayInfo, RouteInfo, RouteTableInfo } from './types';

/** The table a subnet uses: its explicit association, else the VPC's main table. */
export function routeTableForSubnet(subnetId: string, tables: RouteTableInfo[]): RouteTableInfo | null {
  return tables.find((table) => table.subnetIds.includes(subnetId)) ?? tables.find((table) => table.isMain) ?? null;
}

/** A default route that reaches the internet, described for messages (e.g. `nat-0abc (NAT gateway)`). */
export interface InternetRoute {
  route: RouteInfo;
  via: string;
}

/**
 * The active default route of `table` that gives tasks internet access, or null.
 * An internet gateway counts only when tasks get a public IP; a private NAT gateway never counts.
 * `natGateways` null means they could not be read: a NAT gateway is then assumed public.
 */
export function findInternetRoute(
  table: RouteTableInfo,
  options: { internetGatewayCounts: boolean; natGateways: NatGatewayInfo[] | null },
): InternetRoute | null {
  for (const route of table.routes) {
    if (route.destinationCidr !== '0.0.0.0/0' || route.state !== 'active') continue;
    switch (route.targetKind) {
      case 'internet-gateway':
        if (options.internetGatewayCounts) return { route, via: `${route.targetId} (internet gateway)` };
        break;
      case 'nat-gateway': {
        const nat = options.natGateways?.find((gateway) => gateway.natGatewayId === route.targetId);
        if (nat && (nat.connectivityType === 'private' || nat.state !== 'available')) break;
        return { route, via: `${route.targetId} (NAT gateway)` };
      }
      case 'transit-gateway':
        return { route, via: `${route.targetId} (transit gateway)` };
      case 'network-interface':
      case 'instance':
        return { route, via: `${route.targetId} (NAT instance)` };
      default:
        break;
    }
  }
  return null;
}

/** True when the table has an active 0.0.0.0/0 route to an internet gateway (used to tell public subnets apart). */
export function hasInternetGatewayRoute(table: RouteTableInfo): boolean {
  return table.routes.some((route) => route.destinationCidr === '0.0.0.0/0' && route.state === 'active' && route.targetKind === 'internet-gateway');
}

/** True when some active default route goes to a NAT gateway (the NAT gateways must then be read). */
export function hasNatGatewayRoute(tables: RouteTableInfo[]): boolean {
  return tables.some((table) => table.routes.some((route) => route.destinationCidr === '0.0.0.0/0' && route.targetKind === 'nat-gateway'));
}
