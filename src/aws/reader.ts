/**
 * `AwsNetworkReader` over AWS SDK v3: read-only Describe/List/Get calls, paginated, cancellable, counted per
 * operation, with errors mapped to `LiveCallError`. No UI and no logging here (the caller logs the counts).
 */
import {
  DescribeDhcpOptionsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  EC2Client,
  paginateDescribeManagedPrefixLists,
  paginateDescribeNatGateways,
  paginateDescribeNetworkAcls,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcs,
  paginateGetManagedPrefixListEntries,
  type IpPermission,
  type Route,
  type Subnet,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  paginateListClusters,
  paginateListServices,
} from '@aws-sdk/client-ecs';
import {
  DescribeImagesCommand,
  DescribePullThroughCacheRulesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import { DescribeKeyCommand, GetKeyPolicyCommand, KMSClient } from '@aws-sdk/client-kms';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DescribeParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
} from '@aws-sdk/client-iam';
import type { NetworkAclInfo } from '../core/aws-semantics/networkAcls';
import { parsePolicyDocument } from '../core/aws-semantics/policy';
import {
  AttachedPolicyInfo,
  AwsNetworkReader,
  DhcpOptionsInfo,
  EcrRepositoryInfo,
  EcsServiceInfo,
  EcsTaskInfo,
  KmsKeyInfo,
  ParameterInfo,
  PullThroughCacheRuleInfo,
  SecretInfo,
  LiveCallError,
  ManagedPolicyDocument,
  NatGatewayInfo,
  PrefixListInfo,
  RoleInfo,
  RouteInfo,
  RouteTableInfo,
  SecurityGroupInfo,
  SecurityGroupPermission,
  SubnetInfo,
  TaskDefinitionInfo,
  VpcDnsAttributes,
  VpcEndpointInfo,
  VpcInfo,
} from '../core/live/types';
import { classifyAwsError, ErrorContext } from './errors';

/** The SDK clients a reader uses, keyed by IAM service prefix. */
export interface AwsClients {
  ec2: EC2Client;
  ecs: ECSClient;
  iam: IAMClient;
  ecr: ECRClient;
  kms: KMSClient;
  secretsmanager: SecretsManagerClient;
  ssm: SSMClient;
}

/**
 * Counts API calls by operation name (each page of a paginated call counts), and the rounds they ran in: a call's
 * round is one more than the highest round of the calls that had finished when it started, so calls started
 * together share a round and `rounds()` is the length of the longest chain of calls that waited for each other.
 */
export class ApiCallCounter {
  private readonly counts = new Map<string, number>();
  private finishedRound = 0;
  private maxRound = 0;

  /** Records one call of `operation`; returns the function to call when it has answered. */
  add(operation: string): () => void {
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
    const round = this.finishedRound + 1;
    this.maxRound = Math.max(this.maxRound, round);
    return () => {
      this.finishedRound = Math.max(this.finishedRound, round);
    };
  }

  /** The number of rounds of calls so far (see the class comment). */
  rounds(): number {
    return this.maxRound;
  }

  /** Calls per operation, sorted by operation name. */
  byOperation(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** All calls. */
  total(): number {
    let sum = 0;
    for (const count of this.counts.values()) sum += count;
    return sum;
  }
}

type ServicePrefix = keyof AwsClients;

interface SendableClient {
  send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
}

/** Options of the SDK reader. */
export interface SdkReaderOptions {
  signal?: AbortSignal;
  counter?: ApiCallCounter;
  /** For error messages: the profile, endpoint and region in use. */
  errorContext?: ErrorContext;
}

function routeTarget(route: Route): Pick<RouteInfo, 'targetKind' | 'targetId'> {
  if (route.GatewayId === 'local') return { targetKind: 'local', targetId: 'local' };
  if (route.NatGatewayId) return { targetKind: 'nat-gateway', targetId: route.NatGatewayId };
  if (route.TransitGatewayId) return { targetKind: 'transit-gateway', targetId: route.TransitGatewayId };
  if (route.EgressOnlyInternetGatewayId) return { targetKind: 'egress-only-internet-gateway', targetId: route.EgressOnlyInternetGatewayId };
  if (route.VpcPeeringConnectionId) return { targetKind: 'vpc-peering', targetId: route.VpcPeeringConnectionId };
  if (route.GatewayId?.startsWith('igw-')) return { targetKind: 'internet-gateway', targetId: route.GatewayId };
  if (route.GatewayId?.startsWith('vpce-')) return { targetKind: 'vpc-endpoint', targetId: route.GatewayId };
  if (route.GatewayId?.startsWith('vgw-')) return { targetKind: 'virtual-private-gateway', targetId: route.GatewayId };
  if (route.InstanceId) return { targetKind: 'instance', targetId: route.InstanceId };
  if (route.NetworkInterfaceId) return { targetKind: 'network-interface', targetId: route.NetworkInterfaceId };
  return {
    targetKind: 'other',
    targetId: route.GatewayId ?? route.LocalGatewayId ?? route.CarrierGatewayId ?? route.CoreNetworkArn ?? 'unknown',
  };
}

function permissionOf(permission: IpPermission): SecurityGroupPermission {
  return {
    protocol: permission.IpProtocol ?? '-1',
    fromPort: permission.FromPort ?? null,
    toPort: permission.ToPort ?? null,
    cidrs: (permission.IpRanges ?? []).map((range) => range.CidrIp).filter((cidr): cidr is string => !!cidr),
    prefixListIds: (permission.PrefixListIds ?? []).map((item) => item.PrefixListId).filter((id): id is string => !!id),
    groupIds: (permission.UserIdGroupPairs ?? []).map((pair) => pair.GroupId).filter((id): id is string => !!id),
  };
}

function subnetOf(subnet: Subnet): SubnetInfo {
  return {
    subnetId: subnet.SubnetId ?? '',
    vpcId: subnet.VpcId ?? '',
    cidrBlock: subnet.CidrBlock ?? null,
    availabilityZone: subnet.AvailabilityZone ?? null,
    mapPublicIpOnLaunch: subnet.MapPublicIpOnLaunch ?? false,
  };
}

function endpointOf(endpoint: VpcEndpoint): VpcEndpointInfo {
  return {
    vpcEndpointId: endpoint.VpcEndpointId ?? '',
    vpcId: endpoint.VpcId ?? '',
    serviceName: endpoint.ServiceName ?? '',
    endpointType: endpoint.VpcEndpointType ?? 'Gateway',
    state: endpoint.State ?? 'unknown',
    privateDnsEnabled: endpoint.PrivateDnsEnabled ?? false,
    subnetIds: endpoint.SubnetIds ?? [],
    securityGroupIds: (endpoint.Groups ?? []).map((group) => group.GroupId).filter((id): id is string => !!id),
    routeTableIds: endpoint.RouteTableIds ?? [],
    policyDocument: endpoint.PolicyDocument ?? null,
  };
}

function parseDocumentOrThrow(text: string | undefined, operation: string, what: string): unknown {
  const parsed = parsePolicyDocument(text ?? '');
  if (!parsed) throw new LiveCallError('other', operation, `${operation} returned ${what} that is not a valid JSON policy document.`);
  return parsed;
}

/** Reads one account and region through the SDK. Create one per check so its memo and counter start empty. */
export class SdkAwsNetworkReader implements AwsNetworkReader {
  private readonly counter: ApiCallCounter;
  private readonly signal: AbortSignal | undefined;
  private readonly errorContext: ErrorContext;

  constructor(
    private readonly clients: AwsClients,
    options: SdkReaderOptions = {},
  ) {
    this.counter = options.counter ?? new ApiCallCounter();
    this.signal = options.signal;
    this.errorContext = options.errorContext ?? {};
  }

  /** The calls made so far. */
  get apiCalls(): ApiCallCounter {
    return this.counter;
  }

  private checkNotCancelled(operation: string) {
    if (this.signal?.aborted) throw new LiveCallError('cancelled', operation, 'The check was cancelled.');
  }

  private async send<T>(service: ServicePrefix, operation: string, command: unknown): Promise<T> {
    this.checkNotCancelled(operation);
    const done = this.counter.add(operation);
    try {
      return (await (this.clients[service] as unknown as SendableClient).send(command, { abortSignal: this.signal })) as T;
    } catch (error) {
      throw classifyAwsError(error, service, operation, this.errorContext);
    } finally {
      done();
    }
  }

  private async collect<Page, Item>(
    service: ServicePrefix,
    operation: string,
    pages: (
      config: { client: never; withCommand: (command: unknown) => undefined },
      extra: { abortSignal?: AbortSignal },
    ) => AsyncIterable<Page>,
    pick: (page: Page) => Item[] | undefined,
  ): Promise<Item[]> {
    this.checkNotCancelled(operation);
    const items: Item[] = [];
    let done: (() => void) | null = null;
    const config = {
      client: this.clients[service] as never,
      withCommand: () => {
        this.checkNotCancelled(operation);
        done = this.counter.add(operation);
        return undefined;
      },
    };
    try {
      for await (const page of pages(config, { abortSignal: this.signal })) {
        // A page has answered: the next page's request waits for it.
        (done as (() => void) | null)?.();
        done = null;
        items.push(...(pick(page) ?? []));
      }
    } catch (error) {
      throw classifyAwsError(error, service, operation, this.errorContext);
    } finally {
      (done as (() => void) | null)?.();
    }
    return items;
  }

  async describeVpc(vpcId: string): Promise<VpcInfo> {
    const output = await this.send<{
      Vpcs?: Array<{
        VpcId?: string;
        OwnerId?: string;
        CidrBlock?: string;
        CidrBlockAssociationSet?: Array<{ CidrBlock?: string; CidrBlockState?: { State?: string } }>;
        DhcpOptionsId?: string;
        State?: string;
      }>;
    }>('ec2', 'DescribeVpcs', new DescribeVpcsCommand({ VpcIds: [vpcId] }));
    const vpc = output.Vpcs?.[0];
    if (!vpc) throw new LiveCallError('not-found', 'DescribeVpcs', `VPC ${vpcId} was not found.`);
    const associated = (vpc.CidrBlockAssociationSet ?? [])
      .filter((item) => !item.CidrBlockState?.State || item.CidrBlockState.State === 'associated')
      .map((item) => item.CidrBlock);
    const cidrBlocks = [...new Set([vpc.CidrBlock, ...associated].filter((cidr): cidr is string => !!cidr))];
    return { vpcId, ownerId: vpc.OwnerId ?? null, cidrBlocks, dhcpOptionsId: vpc.DhcpOptionsId ?? null, state: vpc.State ?? null };
  }

  /** DescribeVpcs of the whole region, for pickers (not part of the check). */
  async listVpcs(): Promise<Array<VpcInfo & { name: string | null; isDefault: boolean }>> {
    const vpcs = await this.collect(
      'ec2',
      'DescribeVpcs',
      (config, extra) => paginateDescribeVpcs(config, {}, extra),
      (page) => page.Vpcs,
    );
    return vpcs.map((vpc) => ({
      vpcId: vpc.VpcId ?? '',
      ownerId: vpc.OwnerId ?? null,
      cidrBlocks: vpc.CidrBlock ? [vpc.CidrBlock] : [],
      dhcpOptionsId: vpc.DhcpOptionsId ?? null,
      state: vpc.State ?? null,
      name: vpc.Tags?.find((tag) => tag.Key === 'Name')?.Value ?? null,
      isDefault: vpc.IsDefault ?? false,
    }));
  }

  async getVpcDnsAttributes(vpcId: string): Promise<VpcDnsAttributes> {
    const [support, hostnames] = await Promise.all([
      this.send<{ EnableDnsSupport?: { Value?: boolean } }>(
        'ec2',
        'DescribeVpcAttribute',
        new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsSupport' }),
      ),
      this.send<{ EnableDnsHostnames?: { Value?: boolean } }>(
        'ec2',
        'DescribeVpcAttribute',
        new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsHostnames' }),
      ),
    ]);
    return { enableDnsSupport: support.EnableDnsSupport?.Value ?? false, enableDnsHostnames: hostnames.EnableDnsHostnames?.Value ?? false };
  }

  async describeDhcpOptions(dhcpOptionsId: string): Promise<DhcpOptionsInfo> {
    const output = await this.send<{
      DhcpOptions?: Array<{ DhcpConfigurations?: Array<{ Key?: string; Values?: Array<{ Value?: string }> }> }>;
    }>('ec2', 'DescribeDhcpOptions', new DescribeDhcpOptionsCommand({ DhcpOptionsIds: [dhcpOptionsId] }));
    const configurations = output.DhcpOptions?.[0]?.DhcpConfigurations ?? [];
    const servers =
      configurations
        .find((item) => item.Key === 'domain-name-servers')
        ?.Values?.map((value) => value.Value)
        .filter((value): value is string => !!value) ?? [];
    return { dhcpOptionsId, domainNameServers: servers };
  }

  async describeSubnets(subnetIds: string[]): Promise<SubnetInfo[]> {
    return (
      await this.collect(
        'ec2',
        'DescribeSubnets',
        (config, extra) => paginateDescribeSubnets(config, { SubnetIds: subnetIds }, extra),
        (page) => page.Subnets,
      )
    ).map(subnetOf);
  }

  async listSubnets(vpcId: string): Promise<SubnetInfo[]> {
    const filters = [{ Name: 'vpc-id', Values: [vpcId] }];
    return (
      await this.collect(
        'ec2',
        'DescribeSubnets',
        (config, extra) => paginateDescribeSubnets(config, { Filters: filters }, extra),
        (page) => page.Subnets,
      )
    ).map(subnetOf);
  }

  async listRouteTables(vpcId: string): Promise<RouteTableInfo[]> {
    const tables = await this.collect(
      'ec2',
      'DescribeRouteTables',
      (config, extra) => paginateDescribeRouteTables(config, { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }, extra),
      (page) => page.RouteTables,
    );
    return tables.map((table) => ({
      routeTableId: table.RouteTableId ?? '',
      vpcId: table.VpcId ?? vpcId,
      isMain: (table.Associations ?? []).some((association) => association.Main),
      subnetIds: (table.Associations ?? [])
        .filter(
          (association) =>
            association.SubnetId && (!association.AssociationState?.State || association.AssociationState.State === 'associated'),
        )
        .map((association) => association.SubnetId as string),
      routes: (table.Routes ?? []).map((route) => ({
        destinationCidr: route.DestinationCidrBlock ?? null,
        destinationPrefixListId: route.DestinationPrefixListId ?? null,
        ...routeTarget(route),
        state: route.State ?? 'active',
      })),
    }));
  }

  async listNatGateways(vpcId: string): Promise<NatGatewayInfo[]> {
    const gateways = await this.collect(
      'ec2',
      'DescribeNatGateways',
      (config, extra) => paginateDescribeNatGateways(config, { Filter: [{ Name: 'vpc-id', Values: [vpcId] }] }, extra),
      (page) => page.NatGateways,
    );
    return gateways.map((gateway) => ({
      natGatewayId: gateway.NatGatewayId ?? '',
      state: gateway.State ?? 'unknown',
      connectivityType: gateway.ConnectivityType === 'private' ? 'private' : 'public',
      subnetId: gateway.SubnetId ?? null,
    }));
  }

  async listVpcEndpoints(vpcId: string): Promise<VpcEndpointInfo[]> {
    const endpoints = await this.collect(
      'ec2',
      'DescribeVpcEndpoints',
      (config, extra) => paginateDescribeVpcEndpoints(config, { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }, extra),
      (page) => page.VpcEndpoints,
    );
    return endpoints.map(endpointOf);
  }

  async findVpcEndpointsByServiceName(serviceNames: string[]): Promise<VpcEndpointInfo[]> {
    const endpoints = await this.collect(
      'ec2',
      'DescribeVpcEndpoints',
      (config, extra) => paginateDescribeVpcEndpoints(config, { Filters: [{ Name: 'service-name', Values: serviceNames }] }, extra),
      (page) => page.VpcEndpoints,
    );
    return endpoints.map(endpointOf);
  }

  async listSecurityGroups(vpcId: string): Promise<SecurityGroupInfo[]> {
    const groups = await this.collect(
      'ec2',
      'DescribeSecurityGroups',
      (config, extra) => paginateDescribeSecurityGroups(config, { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }, extra),
      (page) => page.SecurityGroups,
    );
    return groups.map((group) => ({
      groupId: group.GroupId ?? '',
      groupName: group.GroupName ?? '',
      vpcId: group.VpcId ?? null,
      ingress: (group.IpPermissions ?? []).map(permissionOf),
      egress: (group.IpPermissionsEgress ?? []).map(permissionOf),
    }));
  }

  async listNetworkAcls(vpcId: string): Promise<NetworkAclInfo[]> {
    const acls = await this.collect(
      'ec2',
      'DescribeNetworkAcls',
      (config, extra) => paginateDescribeNetworkAcls(config, { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }, extra),
      (page) => page.NetworkAcls,
    );
    return acls.map((acl) => ({
      networkAclId: acl.NetworkAclId ?? '',
      vpcId: acl.VpcId ?? vpcId,
      isDefault: acl.IsDefault ?? false,
      subnetIds: (acl.Associations ?? []).map((association) => association.SubnetId).filter((id): id is string => !!id),
      entries: (acl.Entries ?? []).map((entry) => ({
        ruleNumber: entry.RuleNumber ?? 32767,
        egress: entry.Egress ?? false,
        protocol: entry.Protocol ?? '-1',
        action: entry.RuleAction === 'allow' ? ('allow' as const) : ('deny' as const),
        cidr: entry.CidrBlock ?? null,
        ipv6Cidr: entry.Ipv6CidrBlock ?? null,
        fromPort: entry.PortRange?.From ?? null,
        toPort: entry.PortRange?.To ?? null,
      })),
    }));
  }

  async listManagedPrefixLists(): Promise<PrefixListInfo[]> {
    // Filtered by name on our side: moto answers some prefix-list filters with HTTP 500.
    const lists = await this.collect(
      'ec2',
      'DescribeManagedPrefixLists',
      (config, extra) => paginateDescribeManagedPrefixLists(config, {}, extra),
      (page) => page.PrefixLists,
    );
    return lists.map((item) => ({ prefixListId: item.PrefixListId ?? '', prefixListName: item.PrefixListName ?? '' }));
  }

  async getPrefixListCidrs(prefixListId: string): Promise<string[]> {
    const entries = await this.collect(
      'ec2',
      'GetManagedPrefixListEntries',
      (config, extra) => paginateGetManagedPrefixListEntries(config, { PrefixListId: prefixListId }, extra),
      (page) => page.Entries,
    );
    return entries.map((entry) => entry.Cidr).filter((cidr): cidr is string => !!cidr);
  }

  async listClusters(): Promise<string[]> {
    return this.collect(
      'ecs',
      'ListClusters',
      (config, extra) => paginateListClusters(config, {}, extra),
      (page) => page.clusterArns,
    );
  }

  async listServices(cluster: string): Promise<string[]> {
    try {
      return await this.collect(
        'ecs',
        'ListServices',
        (config, extra) => paginateListServices(config, { cluster }, extra),
        (page) => page.serviceArns,
      );
    } catch (error) {
      throw this.clusterNotFound(error, cluster);
    }
  }

  private clusterNotFound(error: unknown, cluster: string): unknown {
    if (error instanceof LiveCallError && error.kind === 'not-found' && /cluster/i.test(error.message)) {
      return new LiveCallError(
        'not-found',
        error.operation,
        `Cluster ${cluster} was not found in ${this.errorContext.region ?? 'this region'}. Check the cluster name and the region.`,
      );
    }
    return error;
  }

  async describeService(cluster: string, service: string): Promise<EcsServiceInfo> {
    let output: { services?: RawEcsService[]; failures?: Array<{ reason?: string }> };
    try {
      output = await this.send('ecs', 'DescribeServices', new DescribeServicesCommand({ cluster, services: [service] }));
    } catch (error) {
      throw this.clusterNotFound(error, cluster);
    }
    const found = output.services?.find((item) => item.status !== 'INACTIVE');
    if (!found) {
      const reason = output.services?.length ? 'INACTIVE' : (output.failures?.[0]?.reason ?? 'MISSING');
      throw new LiveCallError('not-found', 'DescribeServices', `Service ${service} was not found in cluster ${cluster} (${reason}).`);
    }
    return ecsServiceOf(found);
  }

  async describeTaskDefinition(taskDefinition: string): Promise<TaskDefinitionInfo> {
    let output: { taskDefinition?: RawTaskDefinition };
    try {
      output = await this.send('ecs', 'DescribeTaskDefinition', new DescribeTaskDefinitionCommand({ taskDefinition }));
    } catch (error) {
      // ECS answers an unknown task definition with a generic ClientException.
      if (error instanceof LiveCallError && error.kind === 'other' && /ClientException/.test(error.message)) {
        throw new LiveCallError('not-found', 'DescribeTaskDefinition', `Task definition ${taskDefinition} was not found.`);
      }
      throw error;
    }
    if (!output.taskDefinition)
      throw new LiveCallError('not-found', 'DescribeTaskDefinition', `Task definition ${taskDefinition} was not found.`);
    return taskDefinitionOf(output.taskDefinition);
  }

  async getRole(roleName: string): Promise<RoleInfo> {
    const output = await this.send<{
      Role?: {
        RoleName?: string;
        Arn?: string;
        AssumeRolePolicyDocument?: string;
        PermissionsBoundary?: { PermissionsBoundaryArn?: string };
      };
    }>('iam', 'GetRole', new GetRoleCommand({ RoleName: roleName }));
    const role = output.Role;
    if (!role) throw new LiveCallError('not-found', 'GetRole', `Role ${roleName} was not found.`);
    return {
      roleName: role.RoleName ?? roleName,
      arn: role.Arn ?? '',
      trustPolicy: parseDocumentOrThrow(role.AssumeRolePolicyDocument, 'GetRole', `a trust policy of ${roleName}`),
      permissionsBoundaryArn: role.PermissionsBoundary?.PermissionsBoundaryArn ?? null,
    };
  }

  async listAttachedRolePolicies(roleName: string): Promise<AttachedPolicyInfo[]> {
    const policies = await this.collect(
      'iam',
      'ListAttachedRolePolicies',
      (config, extra) => paginateListAttachedRolePolicies(config, { RoleName: roleName }, extra),
      (page) => page.AttachedPolicies,
    );
    return policies.map((policy) => ({ policyArn: policy.PolicyArn ?? '', policyName: policy.PolicyName ?? policy.PolicyArn ?? '' }));
  }

  async getManagedPolicyDocument(policyArn: string): Promise<ManagedPolicyDocument> {
    const policy = await this.send<{ Policy?: { DefaultVersionId?: string } }>(
      'iam',
      'GetPolicy',
      new GetPolicyCommand({ PolicyArn: policyArn }),
    );
    const versionId = policy.Policy?.DefaultVersionId;
    if (!versionId) throw new LiveCallError('other', 'GetPolicy', `Policy ${policyArn} has no default version.`);
    const version = await this.send<{ PolicyVersion?: { Document?: string } }>(
      'iam',
      'GetPolicyVersion',
      new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId }),
    );
    return {
      policyArn,
      versionId,
      document: parseDocumentOrThrow(version.PolicyVersion?.Document, 'GetPolicyVersion', `a document for ${policyArn}`),
    };
  }

  async listRolePolicyNames(roleName: string): Promise<string[]> {
    return this.collect(
      'iam',
      'ListRolePolicies',
      (config, extra) => paginateListRolePolicies(config, { RoleName: roleName }, extra),
      (page) => page.PolicyNames,
    );
  }

  async getRolePolicyDocument(roleName: string, policyName: string): Promise<unknown> {
    const output = await this.send<{ PolicyDocument?: string }>(
      'iam',
      'GetRolePolicy',
      new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }),
    );
    return parseDocumentOrThrow(output.PolicyDocument, 'GetRolePolicy', `inline policy ${policyName} of ${roleName}`);
  }
  async listStoppedTasks(cluster: string, serviceName: string): Promise<string[]> {
    try {
      const output = await this.send<{ taskArns?: string[] }>(
        'ecs',
        'ListTasks',
        new ListTasksCommand({ cluster, serviceName, desiredStatus: 'STOPPED', maxResults: 10 }),
      );
      return output.taskArns ?? [];
    } catch (error) {
      throw this.clusterNotFound(error, cluster);
    }
  }

  async describeTasks(cluster: string, taskArns: string[]): Promise<EcsTaskInfo[]> {
    if (taskArns.length === 0) return [];
    const output = await this.send<{ tasks?: RawTask[] }>('ecs', 'DescribeTasks', new DescribeTasksCommand({ cluster, tasks: taskArns }));
    return (output.tasks ?? []).map(ecsTaskOf);
  }

  async getNetworkInterfaceGroups(networkInterfaceId: string): Promise<string[]> {
    const output = await this.send<{ NetworkInterfaces?: Array<{ Groups?: Array<{ GroupId?: string }> }> }>(
      'ec2',
      'DescribeNetworkInterfaces',
      new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [networkInterfaceId] }),
    );
    const found = output.NetworkInterfaces?.[0];
    if (!found)
      throw new LiveCallError(
        'not-found',
        'DescribeNetworkInterfaces',
        `Network interface ${networkInterfaceId} was not found (it is deleted when its task stops).`,
      );
    return (found.Groups ?? []).map((group) => group.GroupId).filter((id): id is string => !!id);
  }

  async describeRepository(registryId: string, repositoryName: string): Promise<EcrRepositoryInfo> {
    const output = await this.send<{
      repositories?: Array<{
        repositoryArn?: string;
        repositoryName?: string;
        registryId?: string;
        encryptionConfiguration?: { encryptionType?: string; kmsKey?: string };
      }>;
    }>('ecr', 'DescribeRepositories', new DescribeRepositoriesCommand({ registryId, repositoryNames: [repositoryName] }));
    const repository = output.repositories?.[0];
    if (!repository)
      throw new LiveCallError('not-found', 'DescribeRepositories', `Repository ${repositoryName} was not found in registry ${registryId}.`);
    return {
      repositoryArn: repository.repositoryArn ?? '',
      repositoryName: repository.repositoryName ?? repositoryName,
      registryId: repository.registryId ?? registryId,
      encryptionType: repository.encryptionConfiguration?.encryptionType ?? 'AES256',
      kmsKey: repository.encryptionConfiguration?.kmsKey ?? null,
    };
  }

  async describeImage(
    registryId: string,
    repositoryName: string,
    tagOrDigest: string,
  ): Promise<{ imageDigest: string | null; imageTags: string[] }> {
    const imageId = tagOrDigest.startsWith('sha256:') ? { imageDigest: tagOrDigest } : { imageTag: tagOrDigest };
    const output = await this.send<{ imageDetails?: Array<{ imageDigest?: string; imageTags?: string[] }> }>(
      'ecr',
      'DescribeImages',
      new DescribeImagesCommand({ registryId, repositoryName, imageIds: [imageId] }),
    );
    const image = output.imageDetails?.[0];
    if (!image) throw new LiveCallError('not-found', 'DescribeImages', `Image ${tagOrDigest} was not found in ${repositoryName}.`);
    return { imageDigest: image.imageDigest ?? null, imageTags: image.imageTags ?? [] };
  }

  async getRepositoryPolicy(registryId: string, repositoryName: string): Promise<string | null> {
    try {
      const output = await this.send<{ policyText?: string }>(
        'ecr',
        'GetRepositoryPolicy',
        new GetRepositoryPolicyCommand({ registryId, repositoryName }),
      );
      return output.policyText ?? null;
    } catch (error) {
      // "RepositoryPolicyNotFoundException": no policy, which is the common case and not a failure.
      if (error instanceof LiveCallError && error.kind === 'not-found' && /PolicyNotFound|policy does not exist/i.test(error.message))
        return null;
      throw error;
    }
  }

  async listPullThroughCacheRules(registryId: string): Promise<PullThroughCacheRuleInfo[]> {
    const output = await this.send<{ pullThroughCacheRules?: Array<{ ecrRepositoryPrefix?: string; upstreamRegistryUrl?: string }> }>(
      'ecr',
      'DescribePullThroughCacheRules',
      new DescribePullThroughCacheRulesCommand({ registryId }),
    );
    return (output.pullThroughCacheRules ?? []).map((rule) => ({
      prefix: rule.ecrRepositoryPrefix ?? '',
      upstreamUrl: rule.upstreamRegistryUrl ?? '',
    }));
  }

  async describeKey(keyId: string): Promise<KmsKeyInfo> {
    const output = await this.send<{ KeyMetadata?: { Arn?: string; KeyManager?: string } }>(
      'kms',
      'DescribeKey',
      new DescribeKeyCommand({ KeyId: keyId }),
    );
    if (!output.KeyMetadata?.Arn) throw new LiveCallError('not-found', 'DescribeKey', `KMS key ${keyId} was not found.`);
    return { keyArn: output.KeyMetadata.Arn, keyManager: output.KeyMetadata.KeyManager === 'AWS' ? 'AWS' : 'CUSTOMER' };
  }

  async getKeyPolicy(keyArn: string): Promise<string> {
    const output = await this.send<{ Policy?: string }>(
      'kms',
      'GetKeyPolicy',
      new GetKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default' }),
    );
    return output.Policy ?? '';
  }

  async describeSecret(secretId: string): Promise<SecretInfo> {
    const output = await this.send<{ ARN?: string; Name?: string; KmsKeyId?: string }>(
      'secretsmanager',
      'DescribeSecret',
      new DescribeSecretCommand({ SecretId: secretId }),
    );
    return { arn: output.ARN ?? secretId, name: output.Name ?? secretId, kmsKeyId: output.KmsKeyId ?? null };
  }

  async describeParameters(names: string[]): Promise<ParameterInfo[]> {
    if (names.length === 0) return [];
    const found: ParameterInfo[] = [];
    // ParameterFilters take at most 50 values; a task definition rarely has more.
    for (let index = 0; index < names.length; index += 50) {
      let nextToken: string | undefined;
      do {
        const output: { Parameters?: Array<{ Name?: string; Type?: string; KeyId?: string }>; NextToken?: string } = await this.send(
          'ssm',
          'DescribeParameters',
          new DescribeParametersCommand({
            ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: names.slice(index, index + 50) }],
            NextToken: nextToken,
            MaxResults: 50,
          }),
        );
        for (const parameter of output.Parameters ?? [])
          found.push({ name: parameter.Name ?? '', type: parameter.Type ?? 'String', keyId: parameter.KeyId ?? null });
        nextToken = output.NextToken;
      } while (nextToken);
    }
    return found;
  }
}

interface RawEcsService {
  serviceArn?: string;
  serviceName?: string;
  clusterArn?: string;
  status?: string;
  launchType?: string;
  capacityProviderStrategy?: Array<{ capacityProvider?: string }>;
  platformVersion?: string;
  platformFamily?: string;
  enableExecuteCommand?: boolean;
  taskDefinition?: string;
  networkConfiguration?: { awsvpcConfiguration?: { subnets?: string[]; securityGroups?: string[]; assignPublicIp?: string } };
  events?: Array<{ createdAt?: Date | string; message?: string }>;
}

function dateText(value: Date | string | undefined): string | null {
  if (value === undefined || value === null) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

interface RawTask {
  taskArn?: string;
  clusterArn?: string;
  taskDefinitionArn?: string;
  lastStatus?: string;
  desiredStatus?: string;
  group?: string;
  launchType?: string;
  platformVersion?: string;
  stoppedReason?: string;
  stopCode?: string;
  stoppedAt?: Date | string;
  createdAt?: Date | string;
  containers?: Array<{ name?: string; lastStatus?: string; reason?: string; exitCode?: number; image?: string }>;
  attachments?: Array<{ type?: string; details?: Array<{ name?: string; value?: string }> }>;
}

function ecsTaskOf(task: RawTask): EcsTaskInfo {
  const eni = (task.attachments ?? []).find((attachment) => attachment.type === 'ElasticNetworkInterface' || attachment.type === 'eni');
  const detail = (name: string) => eni?.details?.find((item) => item.name === name)?.value ?? null;
  return {
    taskArn: task.taskArn ?? '',
    clusterArn: task.clusterArn ?? '',
    taskDefinitionArn: task.taskDefinitionArn ?? '',
    lastStatus: task.lastStatus ?? null,
    desiredStatus: task.desiredStatus ?? null,
    group: task.group ?? null,
    launchType: task.launchType ?? null,
    platformVersion: task.platformVersion ?? null,
    stoppedReason: task.stoppedReason ?? null,
    stopCode: task.stopCode ?? null,
    stoppedAt: dateText(task.stoppedAt),
    createdAt: dateText(task.createdAt),
    containers: (task.containers ?? []).map((container) => ({
      name: container.name ?? '',
      lastStatus: container.lastStatus ?? null,
      reason: container.reason ?? null,
      exitCode: container.exitCode ?? null,
      image: container.image ?? null,
    })),
    subnetId: detail('subnetId'),
    networkInterfaceId: detail('networkInterfaceId'),
  };
}

function ecsServiceOf(service: RawEcsService): EcsServiceInfo {
  const awsvpc = service.networkConfiguration?.awsvpcConfiguration;
  return {
    serviceArn: service.serviceArn ?? '',
    serviceName: service.serviceName ?? '',
    clusterArn: service.clusterArn ?? '',
    launchType: service.launchType ?? null,
    capacityProviders: (service.capacityProviderStrategy ?? [])
      .map((item) => item.capacityProvider)
      .filter((name): name is string => !!name),
    platformVersion: service.platformVersion ?? null,
    platformFamily: service.platformFamily ?? null,
    enableExecuteCommand: service.enableExecuteCommand ?? false,
    taskDefinitionArn: service.taskDefinition ?? '',
    events: (service.events ?? []).slice(0, 10).map((event) => ({ createdAt: dateText(event.createdAt), message: event.message ?? '' })),
    network: awsvpc
      ? {
          subnetIds: awsvpc.subnets ?? [],
          securityGroupIds: awsvpc.securityGroups ?? [],
          assignPublicIp: awsvpc.assignPublicIp === 'ENABLED',
        }
      : null,
  };
}

interface RawTaskDefinition {
  taskDefinitionArn?: string;
  family?: string;
  revision?: number;
  networkMode?: string;
  requiresCompatibilities?: string[];
  runtimePlatform?: { operatingSystemFamily?: string };
  executionRoleArn?: string;
  containerDefinitions?: Array<{
    name?: string;
    image?: string;
    logConfiguration?: { logDriver?: string; options?: Record<string, string> };
    secrets?: Array<{ name?: string; valueFrom?: string }>;
    repositoryCredentials?: { credentialsParameter?: string };
  }>;
}

function taskDefinitionOf(definition: RawTaskDefinition): TaskDefinitionInfo {
  return {
    taskDefinitionArn: definition.taskDefinitionArn ?? '',
    family: definition.family ?? '',
    revision: definition.revision ?? 0,
    networkMode: definition.networkMode ?? null,
    requiresCompatibilities: definition.requiresCompatibilities ?? [],
    operatingSystemFamily: definition.runtimePlatform?.operatingSystemFamily ?? null,
    executionRoleArn: definition.executionRoleArn ?? null,
    containers: (definition.containerDefinitions ?? []).map((container) => ({
      name: container.name ?? '',
      image: container.image ?? '',
      logDriver: container.logConfiguration?.logDriver ?? null,
      logOptions: container.logConfiguration?.options ?? {},
      secrets: (container.secrets ?? []).map((secret) => ({ name: secret.name ?? '', valueFrom: secret.valueFrom ?? '' })),
      repositoryCredentialsParameter: container.repositoryCredentials?.credentialsParameter ?? null,
    })),
  };
}
