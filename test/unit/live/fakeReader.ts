/**
 * An in-memory `AwsNetworkReader` for the core tests: a complete, passing world that each test edits,
 * failures injected per method, and a log of every call (to prove memoisation and laziness).
 */
import {
  AwsNetworkReader,
  EcrRepositoryInfo,
  EcsServiceInfo,
  EcsTaskInfo,
  KmsKeyInfo,
  ParameterInfo,
  PullThroughCacheRuleInfo,
  SecretInfo,
  LiveCallError,
  LiveCallErrorKind,
  NatGatewayInfo,
  PrefixListInfo,
  RouteTableInfo,
  SecurityGroupInfo,
  SubnetInfo,
  TaskDefinitionInfo,
  VpcEndpointInfo,
  VpcInfo,
} from '../../../src/core/live/types';
import type { NetworkAclInfo } from '../../../src/core/aws-semantics/networkAcls';

/** Everything the fake account holds. */
export interface FakeWorld {
  vpcs: VpcInfo[];
  dns: Record<string, { enableDnsSupport: boolean; enableDnsHostnames: boolean }>;
  dhcpOptions: Record<string, string[]>;
  subnets: SubnetInfo[];
  routeTables: RouteTableInfo[];
  natGateways: NatGatewayInfo[];
  endpoints: VpcEndpointInfo[];
  securityGroups: SecurityGroupInfo[];
  networkAcls: NetworkAclInfo[];
  prefixLists: Array<PrefixListInfo & { cidrs: string[] }>;
  services: Array<EcsServiceInfo & { cluster: string }>;
  taskDefinitions: TaskDefinitionInfo[];
  roles: Array<{
    roleName: string;
    arn: string;
    trustPolicy: unknown;
    permissionsBoundaryArn: string | null;
    attached: string[];
    inline: Record<string, unknown>;
  }>;
  managedPolicies: Record<string, unknown>;
  /** Tasks by cluster name (stopped ones are what ListTasks desiredStatus STOPPED returns). */
  tasks: Array<EcsTaskInfo & { cluster: string }>;
  /** Security groups of live network interfaces. */
  networkInterfaces: Record<string, string[]>;
  repositories: Array<EcrRepositoryInfo & { images: Array<{ digest: string; tags: string[] }>; policy: string | null }>;
  pullThroughCacheRules: Record<string, PullThroughCacheRuleInfo[]>;
  kmsKeys: Array<KmsKeyInfo & { keyId: string; policy: string }>;
  secrets: SecretInfo[];
  parameters: ParameterInfo[];
}

/** Ids of the baseline world, for assertions. */
export const ids = {
  account: '123456789012',
  region: 'ap-northeast-1',
  vpc: 'vpc-0a000000000000001',
  subnetA: 'subnet-0a000000000000001',
  subnetC: 'subnet-0a000000000000002',
  publicSubnet: 'subnet-0a000000000000003',
  taskRouteTable: 'rtb-0a000000000000001',
  mainRouteTable: 'rtb-0a000000000000002',
  taskSg: 'sg-0a000000000000001',
  endpointSg: 'sg-0a000000000000002',
  defaultSg: 'sg-0a000000000000003',
  acl: 'acl-0a000000000000001',
  s3PrefixList: 'pl-0a000000000000001',
  ecrApi: 'vpce-0a000000000000001',
  ecrDkr: 'vpce-0a000000000000002',
  s3: 'vpce-0a000000000000003',
  logs: 'vpce-0a000000000000004',
  role: 'ecsTaskExecutionRole',
  executionPolicyArn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
};

const fullAccess = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] });

function interfaceEndpoint(id: string, service: string): VpcEndpointInfo {
  return {
    vpcEndpointId: id,
    vpcId: ids.vpc,
    serviceName: `com.amazonaws.${ids.region}.${service}`,
    endpointType: 'Interface',
    state: 'available',
    privateDnsEnabled: true,
    subnetIds: [ids.subnetA, ids.subnetC],
    securityGroupIds: [ids.endpointSg],
    routeTableIds: [],
    policyDocument: fullAccess,
  };
}

/** The complete world: a private Fargate service with every endpoint, SG rule and permission it needs. */
export function baselineWorld(): FakeWorld {
  return {
    vpcs: [
      { vpcId: ids.vpc, ownerId: ids.account, cidrBlocks: ['10.0.0.0/16'], dhcpOptionsId: 'dopt-0a000000000000001', state: 'available' },
    ],
    dns: { [ids.vpc]: { enableDnsSupport: true, enableDnsHostnames: true } },
    dhcpOptions: { 'dopt-0a000000000000001': ['AmazonProvidedDNS'] },
    subnets: [
      { subnetId: ids.subnetA, vpcId: ids.vpc, cidrBlock: '10.0.1.0/24', availabilityZone: 'ap-northeast-1a', mapPublicIpOnLaunch: false },
      { subnetId: ids.subnetC, vpcId: ids.vpc, cidrBlock: '10.0.2.0/24', availabilityZone: 'ap-northeast-1c', mapPublicIpOnLaunch: false },
    ],
    routeTables: [
      {
        routeTableId: ids.taskRouteTable,
        vpcId: ids.vpc,
        isMain: false,
        subnetIds: [ids.subnetA, ids.subnetC],
        routes: [
          { destinationCidr: '10.0.0.0/16', destinationPrefixListId: null, targetKind: 'local', targetId: 'local', state: 'active' },
          {
            destinationCidr: null,
            destinationPrefixListId: ids.s3PrefixList,
            targetKind: 'vpc-endpoint',
            targetId: ids.s3,
            state: 'active',
          },
        ],
      },
      {
        routeTableId: ids.mainRouteTable,
        vpcId: ids.vpc,
        isMain: true,
        subnetIds: [],
        routes: [
          { destinationCidr: '10.0.0.0/16', destinationPrefixListId: null, targetKind: 'local', targetId: 'local', state: 'active' },
        ],
      },
    ],
    natGateways: [],
    endpoints: [
      interfaceEndpoint(ids.ecrApi, 'ecr.api'),
      interfaceEndpoint(ids.ecrDkr, 'ecr.dkr'),
      interfaceEndpoint(ids.logs, 'logs'),
      {
        vpcEndpointId: ids.s3,
        vpcId: ids.vpc,
        serviceName: `com.amazonaws.${ids.region}.s3`,
        endpointType: 'Gateway',
        state: 'available',
        privateDnsEnabled: false,
        subnetIds: [],
        securityGroupIds: [],
        routeTableIds: [ids.taskRouteTable],
        policyDocument: fullAccess,
      },
    ],
    securityGroups: [
      {
        groupId: ids.taskSg,
        groupName: 'tasks',
        vpcId: ids.vpc,
        ingress: [],
        egress: [
          { protocol: 'tcp', fromPort: 443, toPort: 443, cidrs: [], prefixListIds: [], groupIds: [ids.endpointSg] },
          { protocol: 'tcp', fromPort: 443, toPort: 443, cidrs: [], prefixListIds: [ids.s3PrefixList], groupIds: [] },
        ],
      },
      {
        groupId: ids.endpointSg,
        groupName: 'endpoints',
        vpcId: ids.vpc,
        ingress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidrs: [], prefixListIds: [], groupIds: [ids.taskSg] }],
        egress: [],
      },
      {
        groupId: ids.defaultSg,
        groupName: 'default',
        vpcId: ids.vpc,
        ingress: [{ protocol: '-1', fromPort: null, toPort: null, cidrs: [], prefixListIds: [], groupIds: [ids.defaultSg] }],
        egress: [{ protocol: '-1', fromPort: null, toPort: null, cidrs: ['0.0.0.0/0'], prefixListIds: [], groupIds: [] }],
      },
    ],
    networkAcls: [
      {
        networkAclId: ids.acl,
        vpcId: ids.vpc,
        isDefault: true,
        subnetIds: [ids.subnetA, ids.subnetC],
        entries: [
          {
            ruleNumber: 100,
            egress: true,
            protocol: '-1',
            action: 'allow',
            cidr: '0.0.0.0/0',
            ipv6Cidr: null,
            fromPort: null,
            toPort: null,
          },
          {
            ruleNumber: 32767,
            egress: true,
            protocol: '-1',
            action: 'deny',
            cidr: '0.0.0.0/0',
            ipv6Cidr: null,
            fromPort: null,
            toPort: null,
          },
          {
            ruleNumber: 100,
            egress: false,
            protocol: '-1',
            action: 'allow',
            cidr: '0.0.0.0/0',
            ipv6Cidr: null,
            fromPort: null,
            toPort: null,
          },
          {
            ruleNumber: 32767,
            egress: false,
            protocol: '-1',
            action: 'deny',
            cidr: '0.0.0.0/0',
            ipv6Cidr: null,
            fromPort: null,
            toPort: null,
          },
        ],
      },
    ],
    prefixLists: [
      { prefixListId: ids.s3PrefixList, prefixListName: `com.amazonaws.${ids.region}.s3`, cidrs: ['52.216.0.0/15', '3.5.0.0/19'] },
    ],
    services: [
      {
        cluster: 'app',
        serviceArn: `arn:aws:ecs:${ids.region}:${ids.account}:service/app/web`,
        serviceName: 'web',
        clusterArn: `arn:aws:ecs:${ids.region}:${ids.account}:cluster/app`,
        launchType: 'FARGATE',
        capacityProviders: [],
        platformVersion: 'LATEST',
        platformFamily: null,
        enableExecuteCommand: false,
        taskDefinitionArn: `arn:aws:ecs:${ids.region}:${ids.account}:task-definition/web:3`,
        network: { subnetIds: [ids.subnetA, ids.subnetC], securityGroupIds: [ids.taskSg], assignPublicIp: false },
      },
    ],
    taskDefinitions: [
      {
        taskDefinitionArn: `arn:aws:ecs:${ids.region}:${ids.account}:task-definition/web:3`,
        family: 'web',
        revision: 3,
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        operatingSystemFamily: null,
        executionRoleArn: `arn:aws:iam::${ids.account}:role/${ids.role}`,
        containers: [
          {
            name: 'web',
            image: `${ids.account}.dkr.ecr.${ids.region}.amazonaws.com/web:1`,
            logDriver: 'awslogs',
            logOptions: { 'awslogs-group': '/ecs/web', 'awslogs-region': ids.region, 'awslogs-stream-prefix': 'web' },
            secrets: [],
            repositoryCredentialsParameter: null,
          },
        ],
      },
    ],
    roles: [
      {
        roleName: ids.role,
        arn: `arn:aws:iam::${ids.account}:role/${ids.role}`,
        trustPolicy: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        },
        permissionsBoundaryArn: null,
        attached: [ids.executionPolicyArn],
        inline: {},
      },
    ],
    managedPolicies: {
      [ids.executionPolicyArn]: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: [
              'ecr:GetAuthorizationToken',
              'ecr:BatchCheckLayerAvailability',
              'ecr:GetDownloadUrlForLayer',
              'ecr:BatchGetImage',
              'logs:CreateLogStream',
              'logs:PutLogEvents',
            ],
            Resource: '*',
          },
        ],
      },
    },
    tasks: [],
    networkInterfaces: {},
    repositories: [
      {
        repositoryArn: `arn:aws:ecr:${ids.region}:${ids.account}:repository/web`,
        repositoryName: 'web',
        registryId: ids.account,
        encryptionType: 'AES256',
        kmsKey: null,
        images: [{ digest: 'sha256:' + 'a'.repeat(64), tags: ['1'] }],
        policy: null,
      },
    ],
    pullThroughCacheRules: {},
    kmsKeys: [],
    secrets: [],
    parameters: [],
  };
}

/** A fake reader over a world; `fail(method, kind)` makes one method reject, `calls` records every call. */
export class FakeReader implements AwsNetworkReader {
  readonly calls: string[] = [];
  private readonly failures = new Map<string, LiveCallError>();

  constructor(readonly world: FakeWorld) {}

  /** Makes `method` reject with a `LiveCallError` of `kind`. */
  fail(method: keyof AwsNetworkReader, kind: LiveCallErrorKind, operation = method as string): this {
    this.failures.set(method, new LiveCallError(kind, operation, `${operation} failed (${kind}) in the fake`));
    return this;
  }

  private async call<T>(method: string, args: unknown[], produce: () => T): Promise<T> {
    this.calls.push(`${method}(${args.map((arg) => JSON.stringify(arg)).join(',')})`);
    await Promise.resolve();
    const failure = this.failures.get(method);
    if (failure) throw failure;
    return structuredClone(produce());
  }

  describeVpc(vpcId: string) {
    return this.call('describeVpc', [vpcId], () => {
      const vpc = this.world.vpcs.find((item) => item.vpcId === vpcId);
      if (!vpc) throw new LiveCallError('not-found', 'DescribeVpcs', `VPC ${vpcId} was not found.`);
      return vpc;
    });
  }
  getVpcDnsAttributes(vpcId: string) {
    return this.call('getVpcDnsAttributes', [vpcId], () => this.world.dns[vpcId]);
  }
  describeDhcpOptions(dhcpOptionsId: string) {
    return this.call('describeDhcpOptions', [dhcpOptionsId], () => ({
      dhcpOptionsId,
      domainNameServers: this.world.dhcpOptions[dhcpOptionsId] ?? [],
    }));
  }
  describeSubnets(subnetIds: string[]) {
    return this.call('describeSubnets', [subnetIds], () => this.world.subnets.filter((subnet) => subnetIds.includes(subnet.subnetId)));
  }
  listSubnets(vpcId: string) {
    return this.call('listSubnets', [vpcId], () => this.world.subnets.filter((subnet) => subnet.vpcId === vpcId));
  }
  listRouteTables(vpcId: string) {
    return this.call('listRouteTables', [vpcId], () => this.world.routeTables.filter((table) => table.vpcId === vpcId));
  }
  listNatGateways(vpcId: string) {
    return this.call('listNatGateways', [vpcId], () => this.world.natGateways);
  }
  listVpcEndpoints(vpcId: string) {
    return this.call('listVpcEndpoints', [vpcId], () => this.world.endpoints.filter((endpoint) => endpoint.vpcId === vpcId));
  }
  findVpcEndpointsByServiceName(serviceNames: string[]) {
    return this.call('findVpcEndpointsByServiceName', [serviceNames], () =>
      this.world.endpoints.filter((endpoint) => serviceNames.includes(endpoint.serviceName)),
    );
  }
  listSecurityGroups(vpcId: string) {
    return this.call('listSecurityGroups', [vpcId], () => this.world.securityGroups.filter((group) => group.vpcId === vpcId));
  }
  listNetworkAcls(vpcId: string) {
    return this.call('listNetworkAcls', [vpcId], () => this.world.networkAcls.filter((acl) => acl.vpcId === vpcId));
  }
  listManagedPrefixLists() {
    return this.call('listManagedPrefixLists', [], () =>
      this.world.prefixLists.map(({ prefixListId, prefixListName }) => ({ prefixListId, prefixListName })),
    );
  }
  getPrefixListCidrs(prefixListId: string) {
    return this.call(
      'getPrefixListCidrs',
      [prefixListId],
      () => this.world.prefixLists.find((item) => item.prefixListId === prefixListId)?.cidrs ?? [],
    );
  }
  listClusters() {
    return this.call('listClusters', [], () => [...new Set(this.world.services.map((service) => service.clusterArn))]);
  }
  listServices(cluster: string) {
    return this.call('listServices', [cluster], () =>
      this.world.services.filter((service) => service.cluster === cluster).map((service) => service.serviceArn),
    );
  }
  describeService(cluster: string, service: string) {
    return this.call('describeService', [cluster, service], () => {
      const found = this.world.services.find((item) => item.cluster === cluster && item.serviceName === service);
      if (!found)
        throw new LiveCallError('not-found', 'DescribeServices', `Service ${service} was not found in cluster ${cluster} (MISSING).`);
      const { cluster: _cluster, ...info } = found;
      return info;
    });
  }
  describeTaskDefinition(taskDefinition: string) {
    return this.call('describeTaskDefinition', [taskDefinition], () => {
      const found = this.world.taskDefinitions.find((item) => item.taskDefinitionArn === taskDefinition);
      if (!found) throw new LiveCallError('not-found', 'DescribeTaskDefinition', `Task definition ${taskDefinition} was not found.`);
      return found;
    });
  }
  getRole(roleName: string) {
    return this.call('getRole', [roleName], () => {
      const role = this.world.roles.find((item) => item.roleName === roleName);
      if (!role) throw new LiveCallError('not-found', 'GetRole', `Role ${roleName} was not found.`);
      return { roleName, arn: role.arn, trustPolicy: role.trustPolicy, permissionsBoundaryArn: role.permissionsBoundaryArn };
    });
  }
  listAttachedRolePolicies(roleName: string) {
    return this.call('listAttachedRolePolicies', [roleName], () =>
      (this.world.roles.find((item) => item.roleName === roleName)?.attached ?? []).map((policyArn) => ({
        policyArn,
        policyName: policyArn.split('/').pop() as string,
      })),
    );
  }
  getManagedPolicyDocument(policyArn: string) {
    return this.call('getManagedPolicyDocument', [policyArn], () => ({
      policyArn,
      versionId: 'v1',
      document: this.world.managedPolicies[policyArn],
    }));
  }
  listRolePolicyNames(roleName: string) {
    return this.call('listRolePolicyNames', [roleName], () =>
      Object.keys(this.world.roles.find((item) => item.roleName === roleName)?.inline ?? {}),
    );
  }
  getRolePolicyDocument(roleName: string, policyName: string) {
    return this.call(
      'getRolePolicyDocument',
      [roleName, policyName],
      () => this.world.roles.find((item) => item.roleName === roleName)?.inline[policyName],
    );
  }
  listStoppedTasks(cluster: string, serviceName: string) {
    return this.call('listStoppedTasks', [cluster, serviceName], () =>
      this.world.tasks
        .filter(
          (task) =>
            task.cluster === cluster &&
            task.desiredStatus === 'STOPPED' &&
            (task.group === null || task.group === `service:${serviceName}`),
        )
        .map((task) => task.taskArn),
    );
  }
  describeTasks(cluster: string, taskArns: string[]) {
    return this.call('describeTasks', [cluster, taskArns], () =>
      this.world.tasks
        .filter((task) => task.cluster === cluster && taskArns.some((arn) => arn === task.taskArn || task.taskArn.endsWith(`/${arn}`)))
        .map(({ cluster: _cluster, ...task }) => task),
    );
  }
  getNetworkInterfaceGroups(networkInterfaceId: string) {
    return this.call('getNetworkInterfaceGroups', [networkInterfaceId], () => {
      const groups = this.world.networkInterfaces[networkInterfaceId];
      if (!groups)
        throw new LiveCallError('not-found', 'DescribeNetworkInterfaces', `Network interface ${networkInterfaceId} was not found.`);
      return groups;
    });
  }
  private repository(registryId: string, repositoryName: string, operation: string) {
    const repository = this.world.repositories.find((item) => item.registryId === registryId && item.repositoryName === repositoryName);
    if (!repository)
      throw new LiveCallError(
        'not-found',
        operation,
        `${operation}: RepositoryNotFoundException: The repository with name '${repositoryName}' does not exist in the registry with id '${registryId}'`,
      );
    return repository;
  }
  describeRepository(registryId: string, repositoryName: string) {
    return this.call('describeRepository', [registryId, repositoryName], () => {
      const { images: _images, policy: _policy, ...info } = this.repository(registryId, repositoryName, 'DescribeRepositories');
      return info;
    });
  }
  describeImage(registryId: string, repositoryName: string, tagOrDigest: string) {
    return this.call('describeImage', [registryId, repositoryName, tagOrDigest], () => {
      const image = this.repository(registryId, repositoryName, 'DescribeImages').images.find(
        (item) => item.digest === tagOrDigest || item.tags.includes(tagOrDigest),
      );
      if (!image)
        throw new LiveCallError(
          'not-found',
          'DescribeImages',
          `DescribeImages: ImageNotFoundException: The image with imageId {imageTag:'${tagOrDigest}'} does not exist`,
        );
      return { imageDigest: image.digest, imageTags: image.tags };
    });
  }
  getRepositoryPolicy(registryId: string, repositoryName: string) {
    return this.call(
      'getRepositoryPolicy',
      [registryId, repositoryName],
      () => this.repository(registryId, repositoryName, 'GetRepositoryPolicy').policy,
    );
  }
  listPullThroughCacheRules(registryId: string) {
    return this.call('listPullThroughCacheRules', [registryId], () => this.world.pullThroughCacheRules[registryId] ?? []);
  }
  describeKey(keyId: string) {
    return this.call('describeKey', [keyId], () => {
      const key = this.world.kmsKeys.find((item) => item.keyId === keyId || item.keyArn === keyId);
      if (!key) throw new LiveCallError('not-found', 'DescribeKey', `DescribeKey: NotFoundException: key ${keyId}`);
      return { keyArn: key.keyArn, keyManager: key.keyManager };
    });
  }
  getKeyPolicy(keyArn: string) {
    return this.call('getKeyPolicy', [keyArn], () => {
      const key = this.world.kmsKeys.find((item) => item.keyArn === keyArn);
      if (!key) throw new LiveCallError('not-found', 'GetKeyPolicy', `GetKeyPolicy: NotFoundException: key ${keyArn}`);
      return key.policy;
    });
  }
  describeSecret(secretId: string) {
    return this.call('describeSecret', [secretId], () => {
      const secret = this.world.secrets.find(
        (item) => item.arn === secretId || item.name === secretId || secretId.startsWith(`${item.arn.replace(/-[A-Za-z0-9]{6}$/, '')}`),
      );
      if (!secret)
        throw new LiveCallError(
          'not-found',
          'DescribeSecret',
          `DescribeSecret: ResourceNotFoundException: Secrets Manager can't find the specified secret.`,
        );
      return secret;
    });
  }
  describeParameters(names: string[]) {
    return this.call('describeParameters', [names], () => this.world.parameters.filter((parameter) => names.includes(parameter.name)));
  }
}
