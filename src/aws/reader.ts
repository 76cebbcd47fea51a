/**
 * `AwsNetworkReader` over AWS SDK v3: read-only Describe/List/Get calls, paginated, cancellable, counted per
 * operation, with errors mapped to `LiveCallError`. No UI and no logging here (the caller logs the counts).
 */
import {
  DescribeDhcpOptionsCommand,
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
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient, paginateListClusters, paginateListServices } from '@aws-sdk/client-ecs';
import { GetPolicyCommand, GetPolicyVersionCommand, GetRoleCommand, GetRolePolicyCommand, IAMClient, paginateListAttachedRolePolicies, paginateListRolePolicies } from '@aws-sdk/client-iam';
import { parsePolicyDocument } from '../core/live/policy';
import {
  AttachedPolicyInfo,
  AwsNetworkReader,
  DhcpOptionsInfo,
  EcsServiceInfo,
  LiveCallError,
  ManagedPolicyDocument,
  NatGatewayInfo,
  NetworkAclInfo,
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

/** The three SDK clients a reader uses. */
export interface AwsClients {
  ec2: EC2Client;
  ecs: ECSClient;
  iam: IAMClient;
}

/** Counts API calls by operation name (each page of a paginated call counts). */
export class ApiCallCounter {
  private readonly counts = new Map<string, number>();

  /** Records one call of `operation`. */
  add(operation: string): void {
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
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

type ServicePrefix = 'ec2' | 'ecs' | 'iam';

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
  return { targetKind: 'other', targetId: route.GatewayId ?? route.LocalGatewayId ?? route.CarrierGatewayId ?? route.CoreNetworkArn ?? 'unknown' };
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
    this.counter.add(operation);
    try {
      return (await (this.clients[service] as unknown as SendableClient).send(command, { abortSignal: this.signal })) as T;
    } catch (error) {
      throw classifyAwsError(error, service, operation, this.errorContext);
    }
  }

  private async collect<Page, Item>(
    service: ServicePrefix,
    operation: string,
    pages: (config: { client: never; withCommand: (command: unknown) => undefined }, extra: { abortSignal?: AbortSignal }) => AsyncIterable<Page>,
    pick: (page: Page) => Item[] | undefined,
  ): Promise<Item[]> {
    this.checkNotCancelled(operation);
    const items: Item[] = [];
    const config = {
      client: this.clients[service] as never,
      withCommand: () => {
        this.checkNotCancelled(operation);
        this.counter.add(operation);
        return undefined;
      },
    };
    try {
      for await (const page of pages(config, { abortSignal: this.signal })) items.push(...(pick(page) ?? []));
    } catch (error) {
      throw classifyAwsError(error, service, operation, this.errorContext);
    }
    return items;
  }

  async describeVpc(vpcId: string): Promise<VpcInfo> {
    const output = await this.send<{ Vpcs?: Array<{ VpcId?: string; OwnerId?: string; CidrBlock?: string; CidrBlockAssociationSet?: Array<{ CidrBlock?: string; CidrBlockState?: { State?: string } }>; DhcpOptionsId?: string; State?: string }> }>(
      'ec2',
      'DescribeVpcs',
      new DescribeVpcsCommand({ VpcIds: [vpcId] }),
    );
    const vpc = output.Vpcs?.[0];
    if (!vpc) throw new LiveCallError('not-found', 'DescribeVpcs', `VPC ${vpcId} was not found.`);
    const associated = (vpc.CidrBlockAssociationSet ?? []).filter((item) => !item.CidrBlockState?.State || item.CidrBlockState.State === 'associated').map((item) => item.CidrBlock);
    const cidrBlocks = [...new Set([vpc.CidrBlock, ...associated].filter((cidr): cidr is string => !!cidr))];
    return { vpcId, ownerId: vpc.OwnerId ?? null, cidrBlocks, dhcpOptionsId: vpc.DhcpOptionsId ?? null, state: vpc.State ?? null };
  }

  /** DescribeVpcs of the whole region, for pickers (not part of the check). */
  async listVpcs(): Promise<Array<VpcInfo & { name: string | null; isDefault: boolean }>> {
    const vpcs = await this.collect('ec2', 'DescribeVpcs', (config, extra) => paginateDescribeVpcs(config, {}, extra), (page) => page.Vpcs);
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
      this.send<{ EnableDnsSupport?: { Value?: boolean } }>('ec2', 'DescribeVpcAttribute', new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsSupport' })),
      this.send<{ EnableDnsHostnames?: { Value?: boolean } }>('ec2', 'DescribeVpcAttribute', new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsHostnames' })),
    ]);
    return { enableDnsSupport: support.EnableDnsSupport?.Value ?? false, enableDnsHostnames: hostnames.EnableDnsHostnames?.Value ?? false };
  }

  async describeDhcpOptions(dhcpOptionsId: string): Promise<DhcpOptionsInfo> {
    const output = await this.send<{ DhcpOptions?: Array<{ DhcpConfigurations?: Array<{ Key?: string; Values?: Array<{ Value?: string }> }> }> }>(
      'ec2',
      'DescribeDhcpOptions',
      new DescribeDhcpOptionsCommand({ DhcpOptionsIds: [dhcpOptionsId] }),
    );
    const configurations = output.DhcpOptions?.[0]?.DhcpConfigurations ?? [];
    const servers = configurations.find((item) => item.Key === 'domain-name-servers')?.Values?.map((value) => value.Value).filter((value): value is string => !!value) ?? [];
    return { dhcpOptionsId, domainNameServers: servers };
  }

  async describeSubnets(subnetIds: string[]): Promise<SubnetInfo[]> {
    return (await this.collect('ec2', 'DescribeSubnets', (config, extra) => paginateDescribeSubnets(config, { SubnetIds: subnetIds }, extra), (page) => page.Subnets)).map(subnetOf);
  }

  async listSubnets(vpcId: string): Promise<SubnetInfo[]> {
    const filters = [{ Name: 'vpc-id', Values: [vpcId] }];
    return (await this.collect('ec2', 'DescribeSubnets', (config, extra) => paginateDescribeSubnets(config, { Filters: filters }, extra), (page) => page.Subnets)).map(subnetOf);
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
        .filter((association) => association.SubnetId && (!association.AssociationState?.State || association.AssociationState.State === 'associated'))
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
    const lists = await this.collect('ec2', 'DescribeManagedPrefixLists', (config, extra) => paginateDescribeManagedPrefixLists(config, {}, extra), (page) => page.PrefixLists);
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
    return this.collect('ecs', 'ListClusters', (config, extra) => paginateListClusters(config, {}, extra), (page) => page.clusterArns);
  }

  async listServices(cluster: string): Promise<string[]> {
    try {
      return await this.collect('ecs', 'ListServices', (config, extra) => paginateListServices(config, { cluster }, extra), (page) => page.serviceArns);
    } catch (error) {
      throw this.clusterNotFound(error, cluster);
    }
  }

  private clusterNotFound(error: unknown, cluster: string): unknown {
    if (error instanceof LiveCallError && error.kind === 'not-found' && /cluster/i.test(error.message)) {
      return new LiveCallError('not-found', error.operation, `Cluster ${cluster} was not found in ${this.errorContext.region ?? 'this region'}. Check the cluster name and the region.`);
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
      const reason = output.services?.length ? 'INACTIVE' : output.failures?.[0]?.reason ?? 'MISSING';
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
    if (!output.taskDefinition) throw new LiveCallError('not-found', 'DescribeTaskDefinition', `Task definition ${taskDefinition} was not found.`);
    return taskDefinitionOf(output.taskDefinition);
  }

  async getRole(roleName: string): Promise<RoleInfo> {
    const output = await this.send<{ Role?: { RoleName?: string; Arn?: string; AssumeRolePolicyDocument?: string; PermissionsBoundary?: { PermissionsBoundaryArn?: string } } }>(
      'iam',
      'GetRole',
      new GetRoleCommand({ RoleName: roleName }),
    );
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
    const policy = await this.send<{ Policy?: { DefaultVersionId?: string } }>('iam', 'GetPolicy', new GetPolicyCommand({ PolicyArn: policyArn }));
    const versionId = policy.Policy?.DefaultVersionId;
    if (!versionId) throw new LiveCallError('other', 'GetPolicy', `Policy ${policyArn} has no default version.`);
    const version = await this.send<{ PolicyVersion?: { Document?: string } }>('iam', 'GetPolicyVersion', new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId }));
    return { policyArn, versionId, document: parseDocumentOrThrow(version.PolicyVersion?.Document, 'GetPolicyVersion', `a document for ${policyArn}`) };
  }

  async listRolePolicyNames(roleName: string): Promise<string[]> {
    return this.collect('iam', 'ListRolePolicies', (config, extra) => paginateListRolePolicies(config, { RoleName: roleName }, extra), (page) => page.PolicyNames);
  }

  async getRolePolicyDocument(roleName: string, policyName: string): Promise<unknown> {
    const output = await this.send<{ PolicyDocument?: string }>('iam', 'GetRolePolicy', new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }));
    return parseDocumentOrThrow(output.PolicyDocument, 'GetRolePolicy', `inline policy ${policyName} of ${roleName}`);
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
}

function ecsServiceOf(service: RawEcsService): EcsServiceInfo {
  const awsvpc = service.networkConfiguration?.awsvpcConfiguration;
  return {
    serviceArn: service.serviceArn ?? '',
    serviceName: service.serviceName ?? '',
    clusterArn: service.clusterArn ?? '',
    launchType: service.launchType ?? null,
    capacityProviders: (service.capacityProviderStrategy ?? []).map((item) => item.capacityProvider).filter((name): name is string => !!name),
    platformVersion: service.platformVersion ?? null,
    platformFamily: service.platformFamily ?? null,
    enableExecuteCommand: service.enableExecuteCommand ?? false,
    taskDefinitionArn: service.taskDefinition ?? '',
    network: awsvpc
      ? { subnetIds: awsvpc.subnets ?? [], securityGroupIds: awsvpc.securityGroups ?? [], assignPublicIp: awsvpc.assignPublicIp === 'ENABLED' }
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
