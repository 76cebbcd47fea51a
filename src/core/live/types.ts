/**
 * Plain data the live check reads from an AWS account, and the interface that reads it.
 * Nothing here knows about the AWS SDK: `src/aws/` implements `AwsNetworkReader`, tests may fake it.
 */
import type { NetworkAclInfo } from '../aws-semantics/networkAcls';

/** Why one read failed. Only `fatal` errors stop the whole check; the others make the checks that need the data "unknown". */
export type LiveCallErrorKind =
  | 'access-denied'
  | 'throttled'
  | 'timeout'
  /** The connection was dropped after it was made (reset, broken pipe), on every attempt: this read only. */
  | 'connection-reset'
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
  /** The subnet the NAT gateway sits in: its route table must reach an internet gateway. Null when not reported. */
  subnetId?: string | null;
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
  /** The most recent service events, newest first (DescribeServices returns them with the service). */
  events?: EcsServiceEvent[];
}

/** One service event ("(service web) was unable to …"). */
export interface EcsServiceEvent {
  createdAt: string | null;
  message: string;
}

/** One container of a task, with the reason ECS gives when it stopped or failed to start. */
export interface EcsTaskContainerInfo {
  name: string;
  lastStatus: string | null;
  reason: string | null;
  exitCode: number | null;
  image: string | null;
}

/** An ECS task as DescribeTasks returns it. */
export interface EcsTaskInfo {
  taskArn: string;
  clusterArn: string;
  taskDefinitionArn: string;
  lastStatus: string | null;
  desiredStatus: string | null;
  /** `service:<name>` for tasks of a service, `family:<name>` for RunTask, or null. */
  group: string | null;
  launchType: string | null;
  platformVersion: string | null;
  stoppedReason: string | null;
  stopCode: string | null;
  stoppedAt: string | null;
  createdAt: string | null;
  containers: EcsTaskContainerInfo[];
  /** From the task's ENI attachment (awsvpc). */
  subnetId: string | null;
  networkInterfaceId: string | null;
}

/** An ECR repository (DescribeRepositories). */
export interface EcrRepositoryInfo {
  repositoryArn: string;
  repositoryName: string;
  registryId: string;
  /** `AES256` or `KMS` (`KMS_DSSE`). */
  encryptionType: string;
  kmsKey: string | null;
}

/** A pull-through cache rule of a registry. */
export interface PullThroughCacheRuleInfo {
  prefix: string;
  upstreamUrl: string;
}

/** A KMS key (DescribeKey): who manages it decides whether its policy needs reading. */
export interface KmsKeyInfo {
  keyArn: string;
  keyManager: 'AWS' | 'CUSTOMER';
}

/** A Secrets Manager secret (DescribeSecret). */
export interface SecretInfo {
  arn: string;
  name: string;
  /** The customer key that encrypts it; null for the AWS managed key aws/secretsmanager. */
  kmsKeyId: string | null;
}

/** An SSM parameter (DescribeParameters). */
export interface ParameterInfo {
  name: string;
  type: string;
  /** The KMS key of a SecureString (`alias/aws/ssm` is the AWS managed default). */
  keyId: string | null;
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
  /** ECS ListTasks with desiredStatus STOPPED for a service (the most recent ones, at most a page of 10). */
  listStoppedTasks(cluster: string, serviceName: string): Promise<string[]>;
  /** ECS DescribeTasks. */
  describeTasks(cluster: string, taskArns: string[]): Promise<EcsTaskInfo[]>;
  /** EC2 DescribeNetworkInterfaces: the security groups of a task's ENI (gone once the task stopped: not-found). */
  getNetworkInterfaceGroups(networkInterfaceId: string): Promise<string[]>;
  /** ECR DescribeRepositories for one repository (not-found when it does not exist). */
  describeRepository(registryId: string, repositoryName: string): Promise<EcrRepositoryInfo>;
  /** ECR DescribeImages for one tag or digest (not-found when the image does not exist). */
  describeImage(
    registryId: string,
    repositoryName: string,
    tagOrDigest: string,
  ): Promise<{ imageDigest: string | null; imageTags: string[] }>;
  /** ECR GetRepositoryPolicy: the policy text, or null when the repository has none. */
  getRepositoryPolicy(registryId: string, repositoryName: string): Promise<string | null>;
  /** ECR DescribePullThroughCacheRules of a registry. */
  listPullThroughCacheRules(registryId: string): Promise<PullThroughCacheRuleInfo[]>;
  /** KMS DescribeKey. */
  describeKey(keyId: string): Promise<KmsKeyInfo>;
  /** KMS GetKeyPolicy (the default policy), as text. */
  getKeyPolicy(keyArn: string): Promise<string>;
  /** Secrets Manager DescribeSecret. */
  describeSecret(secretId: string): Promise<SecretInfo>;
  /** SSM DescribeParameters for these names (the ones missing from the answer do not exist). */
  describeParameters(names: string[]): Promise<ParameterInfo[]>;
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
  'listStoppedTasks',
  'describeTasks',
  'getNetworkInterfaceGroups',
  'describeRepository',
  'describeImage',
  'getRepositoryPolicy',
  'listPullThroughCacheRules',
  'describeKey',
  'getKeyPolicy',
  'describeSecret',
  'describeParameters',
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
