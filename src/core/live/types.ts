/**
 * Plain data the live check reads from an AWS account, and the interface that reads it.
 * Nothing here knows about the AWS SDK: `src/aws/` implements `AwsNetworkReader`, tests may fake it.
 */

/** Why one read failed. Only `fatal` errors stop the whole check; the others make the checks that need the data "unknown". */
export type LiveCallErrorKind =
  | 'access-denied'
  | 'throttled'
  | 'timeout'
  | 'not-found'
  | 'other'
  /** Credentials missing, invalid or expired, unknown profile, no region: nothing can be read. */
  | 'credentials'
  /** The endpoint cannot be reached at all (connection refused, unknown host). */
  | 'network'
  /** The caller cancelled the check. */
  | 'cancelled';

/** A failed read: `operation` is the AWS API operation (e.g. `DescribeNetworkAcls`), `message` says what to do. */
export class LiveCallError extends Error {
  override readonly name = 'LiveCallError';
  constructor(
    readonly kind: LiveCallErrorKind,
    readonly operation: string,
    message: string,
  ) {
    super(message);
  }

  /** True when no other read can succeed either, so the check stops instead of reporting everything as unknown. */
  get fatal(): boolean {
    return this.kind === 'credentials' || this.kind === 'network' || this.kind === 'cancelled';
  }
}

/** A VPC: its CIDR blocks and DHCP options set ("default" means none, i.e. AmazonProvidedDNS). */
export interface VpcInfo {
  vpcId: string;
  ownerId: string | null;
  cidrBlocks: string[];
  dhcpOptionsId: string | null;
  state: string | null;
}

/** The two VPC attributes private DNS needs. */
export interface VpcDnsAttributes {
  enableDnsSupport: boolean;
  enableDnsHostnames: boolean;
}

/** A DHCP options set: only the DNS servers matter here. */
export interface DhcpOptionsInfo {
  dhcpOptionsId: string;
  domainNameServers: string[];
}

/** A subnet with the facts the checks use. */
export interface SubnetInfo {
  subnetId: string;
  vpcId: string;
  cidrBlock: string | null;
  availabilityZone: string | null;
  mapPublicIpOnLaunch: boolean;
}

/** What a route sends traffic to. */
export type RouteTargetKind =
  | 'local'
  | 'internet-gateway'
  | 'egress-only-internet-gateway'
  | 'nat-gateway'
  | 'transit-gateway'
  | 'vpc-endpoint'
  | 'network-interface'
  | 'instance'
  | 'vpc-peering'
  | 'virtual-private-gateway'
  | 'other';

/** One route: a CIDR or prefix-list destination and its target. */
export interface RouteInfo {
  destinationCidr: string | null;
  destinationPrefixListId: string | null;
  targetKind: RouteTargetKind;
  targetId: string;
  /** `active` or `blackhole`. */
  state: string;
}

/** A route table with its explicit subnet associations and whether it is the VPC's main table. */
export interface RouteTableInfo {
  routeTableId: string;
  vpcId: string;
  isMain: boolean;
  subnetIds: string[];
  routes: RouteInfo[];
}

/** A NAT gateway; a `private` one gives no internet access. */
export interface NatGatewayInfo {
  natGatewayId: string;
  state: string;
  connectivityType: 'public' | 'private';
}

/** One security group permission (IpPermission), in either direction. Protocol `-1` means all traffic. */
export interface SecurityGroupPermission {
  protocol: string;
  fromPort: number | null;
  toPort: number | null;
  cidrs: string[];
  prefixListIds: string[];
  groupIds: string[];
}

/** A security group and its rules. */
export interface SecurityGroupInfo {
  groupId: string;
  groupName: string;
  vpcId: string | null;
  ingress: SecurityGroupPermission[];
  egress: SecurityGroupPermission[];
}

/** One network ACL entry. Protocol is the IANA number as a string (`6` TCP) or `-1`. */
export interface NetworkAclEntryInfo {
  ruleNumber: number;
  egress: boolean;
  protocol: string;
  action: 'allow' | 'deny';
  cidr: string | null;
  ipv6Cidr: string | null;
  fromPort: number | null;
  toPort: number | null;
}

/** A network ACL with the subnets it is associated with. */
export interface NetworkAclInfo {
  networkAclId: string;
  vpcId: string;
  isDefault: boolean;
  subnetIds: string[];
  entries: NetworkAclEntryInfo[];
}

/** A VPC endpoint as DescribeVpcEndpoints returns it; `policyDocument` is the raw JSON text or null. */
export interface VpcEndpointInfo {
  vpcEndpointId: string;
  vpcId: string;
  serviceName: string;
  endpointType: string;
  state: string;
  privateDnsEnabled: boolean;
  subnetIds: string[];
  securityGroupIds: string[];
  routeTableIds: string[];
  policyDocument: string | null;
}

/** An AWS-managed or customer-managed prefix list. */
export interface PrefixListInfo {
  prefixListId: string;
  prefixListName: string;
}

/** The awsvpc network configuration of an ECS service. */
export interface EcsNetworkConfiguration {
  subnetIds: string[];
  securityGroupIds: string[];
  assignPublicIp: boolean;
}

/** An ECS service as DescribeServices returns it. */
export interface EcsServiceInfo {
  serviceArn: string;
  serviceName: string;
  clusterArn: string;
  launchType: string | null;
  capacityProviders: string[];
  platformVersion: string | null;
  platformFamily: string | null;
  enableExecuteCommand: boolean;
  taskDefinitionArn: string;
  network: EcsNetworkConfiguration | null;
}

/** A secret reference of a container (`secrets[].valueFrom`). */
export interface ContainerSecretInfo {
  name: string;
  valueFrom: string;
}

/** The parts of a container definition that decide what the task needs. */
export interface ContainerInfo {
  name: string;
  image: string;
  logDriver: string | null;
  logOptions: Record<string, string>;
  secrets: ContainerSecretInfo[];
  repositoryCredentialsParameter: string | null;
}

/** An ECS task definition. */
export interface TaskDefinitionInfo {
  taskDefinitionArn: string;
  family: string;
  revision: number;
  networkMode: string | null;
  requiresCompatibilities: string[];
  operatingSystemFamily: string | null;
  executionRoleArn: string | null;
  containers: ContainerInfo[];
}

/** An IAM role with its trust policy (parsed JSON) and permissions boundary. */
export interface RoleInfo {
  roleName: string;
  arn: string;
  trustPolicy: unknown;
  permissionsBoundaryArn: string | null;
}

/** A managed policy attached to a role. */
export interface AttachedPolicyInfo {
  policyArn: string;
  policyName: string;
}

/** The default version of a managed policy, parsed. */
export interface ManagedPolicyDocument {
  policyArn: string;
  versionId: string;
  document: unknown;
}

/**
 * Read-only access to one account and region. Every method may reject with `LiveCallError`.
 * The check calls each method at most once per argument list (see `memoizeReader`).
 */
export interface AwsNetworkReader {
  /** DescribeVpcs. */
  describeVpc(vpcId: string): Promise<VpcInfo>;
  /** DescribeVpcAttribute for enableDnsSupport and enableDnsHostnames. */
  getVpcDnsAttributes(vpcId: string): Promise<VpcDnsAttributes>;
  /** DescribeDhcpOptions. */
  describeDhcpOptions(dhcpOptionsId: string): Promise<DhcpOptionsInfo>;
  /** DescribeSubnets by id (any VPC). */
  describeSubnets(subnetIds: string[]): Promise<SubnetInfo[]>;
  /** DescribeSubnets of a VPC. */
  listSubnets(vpcId: string): Promise<SubnetInfo[]>;
  /** DescribeRouteTables of a VPC. */
  listRouteTables(vpcId: string): Promise<RouteTableInfo[]>;
  /** DescribeNatGateways of a VPC. */
  listNatGateways(vpcId: string): Promise<NatGatewayInfo[]>;
  /** DescribeVpcEndpoints of a VPC. */
  listVpcEndpoints(vpcId: string): Promise<VpcEndpointInfo[]>;
  /** DescribeVpcEndpoints by service name in every VPC (to spot an endpoint made in the wrong VPC). */
  findVpcEndpointsByServiceName(serviceNames: string[]): Promise<VpcEndpointInfo[]>;
  /** DescribeSecurityGroups of a VPC. */
  listSecurityGroups(vpcId: string): Promise<SecurityGroupInfo[]>;
  /** DescribeNetworkAcls of a VPC. */
  listNetworkAcls(vpcId: string): Promise<NetworkAclInfo[]>;
  /** DescribeManagedPrefixLists (every list; callers filter by name). */
  listManagedPrefixLists(): Promise<PrefixListInfo[]>;
  /** GetManagedPrefixListEntries: the CIDRs of a prefix list. */
  getPrefixListCidrs(prefixListId: string): Promise<string[]>;
  /** ListClusters: cluster ARNs. */
  listClusters(): Promise<string[]>;
  /** ListServices: service ARNs of a cluster. */
  listServices(cluster: string): Promise<string[]>;
  /** DescribeServices for one service. */
  describeService(cluster: string, service: string): Promise<EcsServiceInfo>;
  /** DescribeTaskDefinition. */
  describeTaskDefinition(taskDefinition: string): Promise<TaskDefinitionInfo>;
  /** IAM GetRole. */
  getRole(roleName: string): Promise<RoleInfo>;
  /** IAM ListAttachedRolePolicies. */
  listAttachedRolePolicies(roleName: string): Promise<AttachedPolicyInfo[]>;
  /** IAM GetPolicy + GetPolicyVersion (default version). */
  getManagedPolicyDocument(policyArn: string): Promise<ManagedPolicyDocument>;
  /** IAM ListRolePolicies: names of inline policies. */
  listRolePolicyNames(roleName: string): Promise<string[]>;
  /** IAM GetRolePolicy: an inline policy, parsed. */
  getRolePolicyDocument(roleName: string, policyName: string): Promise<unknown>;
}

/** The method names of `AwsNetworkReader`, so wrappers can enumerate them (the type below keeps the list complete). */
export const AWS_NETWORK_READER_METHODS = [
  'describeVpc',
  'getVpcDnsAttributes',
  'describeDhcpOptions',
  'describeSubnets',
  'listSubnets',
  'listRouteTables',
  'listNatGateways',
  'listVpcEndpoints',
  'findVpcEndpointsByServiceName',
  'listSecurityGroups',
  'listNetworkAcls',
  'listManagedPrefixLists',
  'getPrefixListCidrs',
  'listClusters',
  'listServices',
  'describeService',
  'describeTaskDefinition',
  'getRole',
  'listAttachedRolePolicies',
  'getManagedPolicyDocument',
  'listRolePolicyNames',
  'getRolePolicyDocument',
] as const satisfies readonly (keyof AwsNetworkReader)[];

// Fails to compile when a method is added to the interface but not to the list above.
type MissingReaderMethods = Exclude<keyof AwsNetworkReader, (typeof AWS_NETWORK_READER_METHODS)[number]>;
const readerMethodListIsComplete: MissingReaderMethods extends never ? true : never = true;
void readerMethodListIsComplete;

/** Wraps a reader so each method runs at most once per argument list within one check (failures are remembered too). */
export function memoizeReader(reader: AwsNetworkReader): AwsNetworkReader {
  const cache = new Map<string, Promise<unknown>>();
  const memoized: Record<string, unknown> = {};
  for (const name of AWS_NETWORK_READER_METHODS) {
    const method = reader[name] as (...args: unknown[]) => Promise<unknown>;
    memoized[name] = (...args: unknown[]) => {
      const key = `${name}\u0000${JSON.stringify(args)}`;
      let pending = cache.get(key);
      if (!pending) {
        pending = method.apply(reader, args);
        cache.set(key, pending);
      }
      return pending;
    };
  }
  return memoized as unknown as AwsNetworkReader;
}
