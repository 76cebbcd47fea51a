/**
 * Seeds moto with a private ECS service the way Terraform would build it, through the real creating SDK calls,
 * with switches that break one thing at a time. The complete scenario passes every live check.
 */
import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateNetworkAclCommand,
  CreateNetworkAclEntryCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTransitGatewayCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DescribeManagedPrefixListsCommand,
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  EC2Client,
  ModifyVpcAttributeCommand,
  ReplaceNetworkAclAssociationCommand,
  RevokeSecurityGroupEgressCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
} from '@aws-sdk/client-ecs';
import { CreateRepositoryCommand, ECRClient, PutImageCommand, SetRepositoryPolicyCommand } from '@aws-sdk/client-ecr';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';

/** The region every scenario uses. */
export const scenarioRegion = 'ap-northeast-1';

/** moto's fixed account id. */
export const motoAccountId = '123456789012';

/** Static dummy credentials for moto. */
export const motoCredentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/** What to break. Every switch off (the default) gives the complete, passing scenario. */
export interface ScenarioOptions {
  /** Interface endpoints not to create (of ecr.api, ecr.dkr, logs). */
  omitInterfaceEndpoints?: string[];
  /** Interface endpoints created with private DNS off. */
  privateDnsOff?: string[];
  /** Put the S3 gateway endpoint on the VPC's main table instead of the tasks' table (or not create it). */
  s3Gateway?: 'task-route-table' | 'main-route-table' | 'none';
  /** The endpoint security group admits TCP 80 instead of 443. */
  endpointSgWithoutHttps?: boolean;
  /** The task security group has no egress rule to the S3 prefix list. */
  taskEgressWithoutS3?: boolean;
  /** A custom network ACL on the task subnets that forgets inbound ephemeral ports. */
  networkAclBlocksReturnTraffic?: boolean;
  /** Add an internet gateway, a NAT gateway and a 0.0.0.0/0 → NAT route to the tasks' route table; create no endpoints. */
  natRoute?: boolean;
  /** The execution role only has an inline policy for logs (no ECR permissions). */
  executionRoleWithoutEcr?: boolean;
  /** Create the ECS cluster, task definition and service (default true). */
  withService?: boolean;
  /** The image web:1 in ECR: pushed (default), its repository never created, or the repository without that tag. */
  image?: 'present' | 'no-repository' | 'missing-tag';
  /** A repository policy for web (JSON text). */
  repositoryPolicy?: string;
  /** Encrypt the repository with a new customer KMS key whose policy hands decisions to IAM; `granted` also allows the role kms:Decrypt. */
  repositoryKms?: 'not-granted' | 'granted';
  /** Give the container a Secrets Manager secret and an SSM parameter (endpoints and permissions included); `missing-*` leaves one uncreated. */
  secrets?: 'present' | 'missing-secret' | 'missing-parameter' | 'secret-under-customer-key';
  /** Run one task of the service and stop it with this reason (moto runs and stops tasks; ListTasks ignores serviceName there). */
  stoppedTaskReason?: string;
  /** Like natRoute, but the NAT gateway's subnet has no route to the internet gateway. */
  natWithoutInternetGateway?: boolean;
  /** A 0.0.0.0/0 route to a transit gateway on the tasks' table; interface endpoints are still created. */
  transitGatewayDefaultRoute?: boolean;
}

/** The ids of what a scenario created. */
export interface ScenarioIds {
  vpcId: string;
  subnetIds: string[];
  publicSubnetId: string | null;
  taskSecurityGroupId: string;
  endpointSecurityGroupId: string;
  taskRouteTableId: string;
  mainRouteTableId: string;
  endpointIds: Record<string, string>;
  s3PrefixListId: string;
  networkAclId: string | null;
  executionRoleName: string;
  cluster: string | null;
  service: string | null;
  taskDefinitionFamily: string | null;
  repositoryArn: string | null;
  kmsKeyArn: string | null;
  secretArn: string | null;
  stoppedTaskArn: string | null;
  natGatewayId: string | null;
  transitGatewayId: string | null;
}

/** SDK clients pointed at moto. */
export interface MotoClients {
  ec2: EC2Client;
  ecs: ECSClient;
  iam: IAMClient;
  ecr: ECRClient;
  kms: KMSClient;
  secretsmanager: SecretsManagerClient;
  ssm: SSMClient;
}

/** Makes clients for moto at `endpoint`. */
export function motoClients(endpoint: string): MotoClients {
  const config = { endpoint, region: scenarioRegion, credentials: motoCredentials };
  return {
    ec2: new EC2Client(config),
    ecs: new ECSClient(config),
    iam: new IAMClient(config),
    ecr: new ECRClient(config),
    kms: new KMSClient(config),
    secretsmanager: new SecretsManagerClient(config),
    ssm: new SSMClient(config),
  };
}

/** Closes the clients' sockets. */
export function destroyMotoClients(clients: MotoClients): void {
  for (const client of Object.values(clients)) client.destroy();
}

/** A minimal Docker image manifest (schema 2), what PutImage needs to create an image. */
export function imageManifest(): string {
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: 1470, digest: `sha256:${'c'.repeat(64)}` },
    layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 3208942, digest: `sha256:${'d'.repeat(64)}` }],
  });
}

const interfaceServices = ['ecr.api', 'ecr.dkr', 'logs'];

/** Creates the scenario; returns every id the tests assert on. */
export async function seedScenario(clients: MotoClients, options: ScenarioOptions = {}): Promise<ScenarioIds> {
  const { ec2, ecs, iam, ecr, kms, secretsmanager, ssm } = clients;
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!;
  const vpcId = vpc.VpcId!;
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
  const subnetA = (
    await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.1.0/24', AvailabilityZone: `${scenarioRegion}a` }))
  ).Subnet!.SubnetId!;
  const subnetC = (
    await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.2.0/24', AvailabilityZone: `${scenarioRegion}c` }))
  ).Subnet!.SubnetId!;
  const subnetIds = [subnetA, subnetC];

  const mainRouteTableId = (
    await ec2.send(
      new DescribeRouteTablesCommand({
        Filters: [
          { Name: 'vpc-id', Values: [vpcId] },
          { Name: 'association.main', Values: ['true'] },
        ],
      }),
    )
  ).RouteTables![0].RouteTableId!;
  const taskRouteTableId = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
  for (const subnetId of subnetIds) await ec2.send(new AssociateRouteTableCommand({ RouteTableId: taskRouteTableId, SubnetId: subnetId }));

  const prefixLists = (await ec2.send(new DescribeManagedPrefixListsCommand({}))).PrefixLists ?? [];
  const s3PrefixListId = prefixLists.find((list) => list.PrefixListName === `com.amazonaws.${scenarioRegion}.s3`)!.PrefixListId!;

  // Terraform-made groups have no egress until one is written: drop AWS's default allow-all.
  const taskSecurityGroupId = (
    await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'tasks', Description: 'ECS tasks' }))
  ).GroupId!;
  const endpointSecurityGroupId = (
    await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'endpoints', Description: 'VPC endpoints' }))
  ).GroupId!;
  for (const groupId of [taskSecurityGroupId, endpointSecurityGroupId]) {
    await ec2.send(
      new RevokeSecurityGroupEgressCommand({
        GroupId: groupId,
        IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      }),
    );
  }
  const taskEgress = [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: endpointSecurityGroupId }] }];
  if (!options.taskEgressWithoutS3)
    taskEgress.push({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: s3PrefixListId }] } as never);
  await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: taskSecurityGroupId, IpPermissions: taskEgress }));
  const endpointPort = options.endpointSgWithoutHttps ? 80 : 443;
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: endpointSecurityGroupId,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: endpointPort, ToPort: endpointPort, UserIdGroupPairs: [{ GroupId: taskSecurityGroupId }] },
      ],
    }),
  );

  let publicSubnetId: string | null = null;
  let natGatewayId: string | null = null;
  if (options.natWithoutInternetGateway) {
    // The NAT gateway sits in a subnet of the main table, which has only the local route: no way out.
    publicSubnetId = (
      await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.100.0/24', AvailabilityZone: `${scenarioRegion}a` }))
    ).Subnet!.SubnetId!;
    const internetGatewayId = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: internetGatewayId, VpcId: vpcId }));
    const allocationId = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
    natGatewayId = (await ec2.send(new CreateNatGatewayCommand({ SubnetId: publicSubnetId, AllocationId: allocationId }))).NatGateway!
      .NatGatewayId!;
    await ec2.send(
      new CreateRouteCommand({ RouteTableId: taskRouteTableId, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: natGatewayId }),
    );
  }
  let transitGatewayId: string | null = null;
  if (options.transitGatewayDefaultRoute) {
    transitGatewayId = (await ec2.send(new CreateTransitGatewayCommand({ Description: 'central egress' }))).TransitGateway!
      .TransitGatewayId!;
    await ec2.send(
      new CreateRouteCommand({ RouteTableId: taskRouteTableId, DestinationCidrBlock: '0.0.0.0/0', TransitGatewayId: transitGatewayId }),
    );
  }
  if (options.natRoute) {
    publicSubnetId = (
      await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.100.0/24', AvailabilityZone: `${scenarioRegion}a` }))
    ).Subnet!.SubnetId!;
    const internetGatewayId = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: internetGatewayId, VpcId: vpcId }));
    const publicRouteTableId = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: publicRouteTableId, SubnetId: publicSubnetId }));
    await ec2.send(
      new CreateRouteCommand({ RouteTableId: publicRouteTableId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: internetGatewayId }),
    );
    const allocationId = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
    natGatewayId = (await ec2.send(new CreateNatGatewayCommand({ SubnetId: publicSubnetId, AllocationId: allocationId }))).NatGateway!
      .NatGatewayId!;
    await ec2.send(
      new CreateRouteCommand({ RouteTableId: taskRouteTableId, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: natGatewayId }),
    );
  }

  const endpointIds: Record<string, string> = {};
  if (!options.natRoute) {
    const secretServices = options.secrets ? ['secretsmanager', 'ssm'] : [];
    for (const service of [...interfaceServices, ...secretServices]) {
      if (options.omitInterfaceEndpoints?.includes(service)) continue;
      const endpoint = await ec2.send(
        new CreateVpcEndpointCommand({
          VpcId: vpcId,
          ServiceName: `com.amazonaws.${scenarioRegion}.${service}`,
          VpcEndpointType: 'Interface',
          SubnetIds: subnetIds,
          SecurityGroupIds: [endpointSecurityGroupId],
          // moto defaults to true when omitted: always say it.
          PrivateDnsEnabled: !options.privateDnsOff?.includes(service),
        }),
      );
      endpointIds[service] = endpoint.VpcEndpoint!.VpcEndpointId!;
    }
    const s3Gateway = options.s3Gateway ?? 'task-route-table';
    if (s3Gateway !== 'none') {
      const endpoint = await ec2.send(
        new CreateVpcEndpointCommand({
          VpcId: vpcId,
          ServiceName: `com.amazonaws.${scenarioRegion}.s3`,
          VpcEndpointType: 'Gateway',
          RouteTableIds: [s3Gateway === 'task-route-table' ? taskRouteTableId : mainRouteTableId],
        }),
      );
      endpointIds.s3 = endpoint.VpcEndpoint!.VpcEndpointId!;
    }
  }

  let networkAclId: string | null = null;
  if (options.networkAclBlocksReturnTraffic) {
    networkAclId = (await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }))).NetworkAcl!.NetworkAclId!;
    const entries = [
      { RuleNumber: 100, Egress: true, Protocol: '6', RuleAction: 'allow', CidrBlock: '0.0.0.0/0', PortRange: { From: 443, To: 443 } },
      { RuleNumber: 110, Egress: true, Protocol: '6', RuleAction: 'allow', CidrBlock: '10.0.0.0/16', PortRange: { From: 1024, To: 65535 } },
      { RuleNumber: 100, Egress: false, Protocol: '6', RuleAction: 'allow', CidrBlock: '10.0.0.0/16', PortRange: { From: 443, To: 443 } },
    ] as const;
    for (const entry of entries)
      await ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: networkAclId, ...entry, PortRange: { ...entry.PortRange } }));
    const acls = (await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).NetworkAcls ?? [];
    for (const subnetId of subnetIds) {
      const association = acls.flatMap((acl) => acl.Associations ?? []).find((item) => item.SubnetId === subnetId)!;
      await ec2.send(
        new ReplaceNetworkAclAssociationCommand({ AssociationId: association.NetworkAclAssociationId!, NetworkAclId: networkAclId }),
      );
    }
  }

  const executionRoleName = 'ecsTaskExecutionRole';
  const trustPolicy = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  };
  const role = (
    await iam.send(new CreateRoleCommand({ RoleName: executionRoleName, AssumeRolePolicyDocument: JSON.stringify(trustPolicy) }))
  ).Role!;
  if (options.executionRoleWithoutEcr) {
    const logsOnly = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }],
    };
    await iam.send(new PutRolePolicyCommand({ RoleName: executionRoleName, PolicyName: 'logs', PolicyDocument: JSON.stringify(logsOnly) }));
  } else {
    await iam.send(
      new AttachRolePolicyCommand({
        RoleName: executionRoleName,
        PolicyArn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
      }),
    );
  }

  // The image: repository web (optionally KMS-encrypted, with a policy) and tag 1 pushed with a manifest.
  let repositoryArn: string | null = null;
  let kmsKeyArn: string | null = null;
  const rootDelegation = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'EnableIamPolicies',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${motoAccountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  });
  if (options.repositoryKms || options.secrets === 'secret-under-customer-key') {
    kmsKeyArn = (await kms.send(new CreateKeyCommand({ Description: 'customer key', Policy: rootDelegation }))).KeyMetadata!.Arn!;
  }
  if ((options.image ?? 'present') !== 'no-repository') {
    const repository = await ecr.send(
      new CreateRepositoryCommand({
        repositoryName: 'web',
        ...(options.repositoryKms ? { encryptionConfiguration: { encryptionType: 'KMS', kmsKey: kmsKeyArn! } } : {}),
      }),
    );
    repositoryArn = repository.repository!.repositoryArn!;
    if (options.image !== 'missing-tag')
      await ecr.send(new PutImageCommand({ repositoryName: 'web', imageTag: '1', imageManifest: imageManifest() }));
    if (options.repositoryPolicy)
      await ecr.send(new SetRepositoryPolicyCommand({ repositoryName: 'web', policyText: options.repositoryPolicy }));
  }
  if (options.repositoryKms === 'granted' || options.secrets) {
    const statements: object[] = [];
    if (options.repositoryKms === 'granted') statements.push({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: kmsKeyArn });
    if (options.secrets)
      statements.push({ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'ssm:GetParameters'], Resource: '*' });
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: executionRoleName,
        PolicyName: 'extra',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
      }),
    );
  }
  let secretArn: string | null = null;
  if (options.secrets && options.secrets !== 'missing-secret') {
    const created = await secretsmanager.send(
      new CreateSecretCommand({
        Name: 'app/db',
        SecretString: 'pw',
        ...(options.secrets === 'secret-under-customer-key' ? { KmsKeyId: kmsKeyArn! } : {}),
      }),
    );
    secretArn = created.ARN!;
  }
  if (options.secrets && options.secrets !== 'missing-parameter') {
    await ssm.send(new PutParameterCommand({ Name: '/app/flag', Type: 'SecureString', Value: 'on' }));
  }
  // A missing secret still needs an ARN in the task definition: the one it would have.
  const secretReference = secretArn ?? `arn:aws:secretsmanager:${scenarioRegion}:${motoAccountId}:secret:app/db-AbCdEf`;

  let cluster: string | null = null;
  let service: string | null = null;
  let taskDefinitionFamily: string | null = null;
  let stoppedTaskArn: string | null = null;
  if (options.withService ?? true) {
    cluster = 'app';
    service = 'web';
    taskDefinitionFamily = 'web';
    await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
    const taskDefinition = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: taskDefinitionFamily,
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        executionRoleArn: role.Arn,
        containerDefinitions: [
          {
            name: 'web',
            image: `${motoAccountId}.dkr.ecr.${scenarioRegion}.amazonaws.com/web:1`,
            memory: 512,
            essential: true,
            logConfiguration: {
              logDriver: 'awslogs',
              options: { 'awslogs-group': '/ecs/web', 'awslogs-region': scenarioRegion, 'awslogs-stream-prefix': 'web' },
            },
            ...(options.secrets
              ? {
                  secrets: [
                    { name: 'DB_PASSWORD', valueFrom: secretReference },
                    { name: 'FLAG', valueFrom: `arn:aws:ssm:${scenarioRegion}:${motoAccountId}:parameter/app/flag` },
                  ],
                }
              : {}),
          },
        ],
      }),
    );
    await ecs.send(
      new CreateServiceCommand({
        cluster,
        serviceName: service,
        taskDefinition: taskDefinition.taskDefinition!.taskDefinitionArn,
        desiredCount: 1,
        launchType: 'FARGATE',
        platformVersion: 'LATEST',
        networkConfiguration: {
          awsvpcConfiguration: { subnets: subnetIds, securityGroups: [taskSecurityGroupId], assignPublicIp: 'DISABLED' },
        },
      }),
    );
    if (options.stoppedTaskReason) {
      // moto does not start the service's tasks; RunTask with the service's group stands in for one, then StopTask.
      const run = await ecs.send(
        new RunTaskCommand({
          cluster,
          taskDefinition: taskDefinition.taskDefinition!.taskDefinitionArn,
          launchType: 'FARGATE',
          group: `service:${service}`,
          networkConfiguration: {
            awsvpcConfiguration: { subnets: [subnetIds[0]], securityGroups: [taskSecurityGroupId], assignPublicIp: 'DISABLED' },
          },
        }),
      );
      stoppedTaskArn = run.tasks![0].taskArn!;
      await ecs.send(new StopTaskCommand({ cluster, task: stoppedTaskArn, reason: options.stoppedTaskReason }));
    }
  }

  return {
    vpcId,
    subnetIds,
    publicSubnetId,
    taskSecurityGroupId,
    endpointSecurityGroupId,
    taskRouteTableId,
    mainRouteTableId,
    endpointIds,
    s3PrefixListId,
    networkAclId,
    executionRoleName,
    cluster,
    service,
    taskDefinitionFamily,
    repositoryArn,
    kmsKeyArn,
    secretArn,
    stoppedTaskArn,
    natGatewayId,
    transitGatewayId,
  };
}
