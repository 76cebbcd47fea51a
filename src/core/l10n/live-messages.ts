/**
 * The live check's messages: an English catalog keyed by message id, a `LiveText` (a message id with
 * its data) that the live check builds instead of an English sentence, and the one formatter that
 * renders a `LiveText` in a language. The Japanese catalog is `live-ja.ts` (same ids, same
 * placeholders; the parity test in test/unit/l10n checks both). A placeholder's value is a plain
 * string (ids, CIDRs, AWS error texts: never translated), a number, another `LiveText` (a phrase
 * rendered in the same language) or a `LiveJoin` (a list whose separator follows the language).
 */

/** The English text of every live message; `{{name}}` is a placeholder. */
export const LIVE_EN = {
  // Step titles (lists, trees, the text report).
  'title.taskEgress': 'Task security group egress',
  'title.endpointIngress': 'Endpoint security group ingress',
  'title.networkAcl': 'Network ACL',
  'title.routeTable': 'Route table',
  'title.endpoint': 'Endpoint',
  'title.privateDns': 'Private DNS',
  'title.endpointSubnets': 'Endpoint subnets',
  'title.endpointPolicy': 'Endpoint policy',
  'title.scope': 'Internet access of the task subnets',
  'title.stoppedTasks': 'Stopped tasks',

  // Shared phrases.
  'common.couldNotCheck': 'Could not check: {{failure}}',
  'common.none': 'none',
  'common.theInternet': 'the internet',
  'common.taskSecurityGroup': 'the task security group',

  // Task security group egress.
  'taskEgress.taskGroupsUnknown':
    'The security groups of task {{task}} are unknown: its network interface is gone (the task stopped) and no service names them.',
  'taskEgress.defaultGroupMissing': "The VPC default security group of {{vpc}} was not found, so the tasks' groups are unknown.",
  'taskEgress.defaultGroup': '{{groups}} (the VPC default group: the tasks name none)',
  'taskEgress.allowed': 'Outbound TCP 443 to {{destination}} is allowed by {{allowedBy}}.',
  'taskEgress.denied': 'The task security groups {{groups}} allow no outbound TCP 443 to {{destination}}.',
  'taskEgress.endpointDestination': 'the endpoint (security groups {{groups}}; subnets {{subnets}})',
  'taskEgress.fix': 'Add an egress rule TCP 443 to security group {{group}} (or to the VPC CIDR) on {{taskGroup}}.',
  'taskEgress.fixNoGroup': 'Add an egress rule TCP 443 to security group of the endpoint (or to the VPC CIDR) on {{taskGroup}}.',
  'taskEgress.s3Destination': 'Amazon S3 (prefix list {{prefixList}} or 0.0.0.0/0)',
  'taskEgress.s3Fix':
    'Add an egress rule TCP 443 to the S3 prefix list {{prefixList}} (aws_vpc_endpoint.s3.prefix_list_id) on {{taskGroup}}; a VPC-CIDR rule does not cover a gateway endpoint.',
  'taskEgress.s3PrefixListUnread': 'No rule to 0.0.0.0/0, and the S3 prefix list could not be read to look for one naming it: {{failure}}',

  // Endpoint security group ingress.
  'endpointIngress.defaultGroup': '{{groups}} (the VPC default group, used because the endpoint names no security group)',
  'endpointIngress.allowed': 'Inbound TCP 443 from the tasks is allowed by {{allowedBy}}.',
  'endpointIngress.denied':
    'Endpoint security group {{groups}} admits no inbound TCP 443 from the tasks (security groups {{taskGroups}}; subnets {{taskSubnets}}).',
  'endpointIngress.fixOwnGroup':
    "Give {{endpoint}} its own security group with an ingress rule TCP 443 from {{taskGroups}} (or the task subnets' CIDRs).",
  'endpointIngress.fixAddRule': "Add an ingress rule TCP 443 from security group {{taskGroups}} (or the task subnets' CIDRs) to {{group}}.",

  // Network ACLs.
  'acl.outbound': 'outbound {{ports}} to {{peers}}',
  'acl.inbound': 'inbound {{ports}} from {{peers}}',
  'acl.peerEndpointSubnet': 'endpoint subnet {{subnet}} ({{cidr}})',
  'acl.peerTaskSubnet': 'task subnet {{subnet}} ({{cidr}})',
  'acl.peerAnywhere': 'anywhere (0.0.0.0/0, which covers Amazon S3)',
  'acl.peerS3': 'Amazon S3 ({{prefixList}}: {{cidrs}})',
  'acl.implicitDeny': 'no rule allows {{sample}}, so the implicit deny applies',
  'acl.ruleDenies': 'rule {{rule}} denies {{sample}}',
  'acl.failure': '{{requirement}} ({{cause}})',
  'acl.fixOutbound': 'an outbound allow rule for {{ports}} to {{peers}} numbered before any deny',
  'acl.fixInbound': 'an inbound allow rule for {{ports}} from {{peers}} numbered before any deny',
  'acl.blocks': 'Network ACL {{acl}} blocks {{failures}}.',
  'acl.allows': 'Network ACL {{acl}} allows {{requirements}}.',
  'acl.fix': 'Add to {{acl}} {{fixes}}.',
  'acl.sameSubnets': 'The tasks and the endpoint share their subnets; network ACLs do not filter traffic inside a subnet.',
  'acl.noS3PrefixList': 'The S3 prefix list of {{region}} was not found, so the S3 address ranges are unknown.',

  // Route tables.
  'route.blackhole': '{{table}} sends {{destination}} to {{target}}, which is {{state}}',
  'route.detour': '{{table}} sends {{destination}} through {{target}}',
  'route.unreachable': "{{blackholes}}, so the endpoint's subnets are unreachable.",
  'route.fixBlackhole': 'Remove the blackhole route so the local route applies.',
  'route.middlebox': 'Traffic to the endpoint passes a middlebox: {{detours}}; make sure it forwards TCP 443.',
  'route.local': "Route table {{tables}} reaches the endpoint's subnets through the VPC's local route.",
  'route.noTable': 'No route table was found for {{subnet}}.',
  'route.mainTable': '{{table}} (the main route table, used by subnets without an explicit association)',
  'route.s3Route': 'Route table {{table}} of {{subnets}} sends {{prefixList}} (S3) to {{endpoint}}.',
  'route.s3Listed': '{{endpoint}} lists route table {{table}} of {{subnets}}.',
  'route.s3Missing':
    'Route table {{table}} used by task subnet {{subnets}} has no route to S3 through {{endpoint}}, so image layers cannot be downloaded.',
  'route.s3Inactive':
    'Route table {{table}} used by task subnet {{subnets}} has no active route to S3 through {{endpoint}}, so image layers cannot be downloaded.',
  'route.s3Fix':
    'Associate {{table}} with the S3 gateway endpoint {{endpoint}} (route_table_ids / aws_vpc_endpoint_route_table_association).',
  'route.viaInternet': 'Tasks reach {{service}} through {{via}}; no endpoint is needed.',

  // The endpoint itself.
  'endpoint.wrongType': '{{endpoint}} for {{service}} is a {{type}} endpoint; the tasks need a {{needed}} endpoint.',
  'endpoint.wrongTypeS3':
    '{{endpoint}} for {{service}} is a {{type}} endpoint; the tasks need a {{needed}} endpoint. An S3 interface endpoint alone does not serve ECR image layers.',
  'endpoint.fixCreateType': 'Create a {{type}} endpoint {{serviceName}} in {{vpc}}.',
  'endpoint.notAvailable': 'Endpoint {{endpoint}} ({{service}}) is {{state}}, not available.',
  'endpoint.fixAccept': 'Accept the endpoint connection for {{endpoint}}.',
  'endpoint.fixRecreate': 'Recreate {{endpoint}} or fix what made it {{state}}.',
  'endpoint.available': '{{type}} endpoint {{endpoint}} ({{serviceName}}) is available.',
  'endpoint.otherVpc': 'The {{service}} endpoint {{endpoint}} is in {{vpc}}, but the tasks run in {{taskVpc}}.',
  'endpoint.fixCreateHere': 'Create the {{type}} endpoint {{serviceName}} in {{vpc}}.',
  'endpoint.hintGateway':
    'aws_vpc_endpoint with service_name "{{serviceName}}", vpc_endpoint_type "Gateway" and the task subnets\' route_table_ids',
  'endpoint.hintInterface':
    'aws_vpc_endpoint with service_name "{{serviceName}}", vpc_endpoint_type "Interface", private_dns_enabled = true, the task subnets and a security group admitting TCP 443',
  'endpoint.missing': 'No {{type}} endpoint for {{service}} in {{vpc}}; it is needed because {{because}}.',
  'endpoint.fixMissing': 'Create one: {{hint}}.',
  'endpoint.missingUndecided':
    "No {{type}} endpoint for {{service}} in {{vpc}}; the tasks' default route goes to {{via}}, which may or may not reach {{service}}: not decided.",

  // Private DNS.
  'privateDns.on': 'Private DNS is on for {{endpoint}}.',
  'privateDns.off':
    "Private DNS is off for {{endpoint}} ({{service}}), so the service's public name resolves to public addresses the tasks cannot reach.",
  'privateDns.fix': "Turn on private DNS for {{endpoint}} (private_dns_enabled = true; Terraform's default is false).",

  // Endpoint subnets.
  'subnets.none': 'Endpoint {{endpoint}} ({{service}}) has no subnets, so it has no network interface to connect to.',
  'subnets.fixNone': 'Add the task subnets (one per Availability Zone) to {{endpoint}} (subnet_ids).',
  'subnets.zones': 'Endpoint {{endpoint}} has subnets {{subnets}} in {{zones}}.',
  'subnets.zonesUnread': 'Endpoint {{endpoint}} has subnets {{subnets}}; their Availability Zones could not be read ({{failure}}).',
  'subnets.missingZones':
    'Endpoint {{endpoint}} ({{service}}) has no subnet in {{zones}}, where tasks run: their traffic crosses zones (extra cost, and it fails if that zone goes down). Add a subnet in {{zones}}.',

  // Endpoint policy.
  'policy.fullAccess': '{{endpoint}} uses the default full-access policy.',
  'policy.invalidJson': 'The policy of {{endpoint}} is not valid JSON.',
  'policy.request': '{{action}} on {{resource}}',
  'policy.deniedBy': '{{request}} (denied by {{statements}})',
  'policy.dependsOn': '{{request}} (depends on {{keys}})',
  'policy.dependsOnPrincipal': '{{request}} (depends on the principal)',
  'policy.denied': 'The custom policy of {{endpoint}} ({{service}}) does not allow {{denied}}.',
  'policy.s3Layers': 's3:GetObject on arn:aws:s3:::prod-{{region}}-starport-layer-bucket/*',
  'policy.actionsAbove': 'the actions above',
  'policy.fix': 'Allow {{what}} in the policy of {{endpoint}}, or remove the custom policy.',
  'policy.undecided': 'Could not decide {{undecided}}.',
  'policy.notEvaluated': '{{endpoint}} has a custom policy; the resources used by the tasks are not known here, so it was not evaluated.',
  'policy.allows': 'The custom policy of {{endpoint}} allows {{actions}}.',

  // Endpoint types in sentences.
  'endpointType.interface': 'interface',
  'endpointType.gateway': 'gateway',

  // Why the tasks need a service (needs.ts).
  'need.ecrApiVpc': 'Fargate platform 1.4.0 and later (LATEST) fetch the registry credentials through ecr.api',
  'need.ecrApiLaunchType': 'the {{launchType}} launch type calls the ECR API through ecr.api',
  'need.ecrApiWindows': 'Windows Fargate tasks call the ECR API through ecr.api',
  'need.ecrApiPlatform': 'Fargate platform {{version}} fetches the registry credentials through ecr.api',
  'need.ecrApiOld': 'Fargate platform {{version}} (before 1.4.0) does not use ecr.api',
  'need.imagesFromEcr': 'images are pulled from Amazon ECR',
  'need.imageFromEcr': 'image {{image}} is pulled from Amazon ECR',
  'need.s3Layers': 'ECR serves image layers from Amazon S3',
  'need.awslogs': 'container {{container}} logs with the awslogs driver',
  'need.registryCredentials': 'container {{container}} reads registry credentials from Secrets Manager',
  'need.secret': 'container {{container}} reads a secret from Secrets Manager',
  'need.parameter': 'container {{container}} reads a parameter from SSM Parameter Store',
  'need.ecsAgent': 'the ECS agent on EC2 container instances talks to ECS through ecs-agent, ecs-telemetry and ecs',
  'need.exec': 'ECS Exec (enableExecuteCommand) opens its session through ssmmessages',

  // Scope (scope.ts).
  'scope.routeTablesUnread': 'The route tables could not be read, so the tasks are assumed to have no internet access: {{failure}}',
  'scope.chosen': " (no subnets were given: checked the VPC's subnets without an internet gateway route: {{subnets}})",
  'scope.igwNoPublicIp': ' Some task subnets route to an internet gateway, but the tasks get no public IP, so that route does not help them.',
  'scope.notCounted': ' Not counted as internet: {{concerns}}.',
  'scope.noRoute': 'Task subnets {{subnets}} have no route to the internet: the tasks need VPC endpoints{{chosen}}.{{igwNote}}{{concerns}}',
  'scope.noWorkingRoute':
    'Task subnets {{subnets}} have no working route to the internet: the tasks need VPC endpoints{{chosen}}.{{igwNote}}{{concerns}}',
  'scope.internetRoute': '{{subnet}} via {{via}} in {{table}}',
  'scope.allInternet': 'Every task subnet reaches the internet ({{routes}}): VPC endpoints are not needed{{chosen}}.',
  'scope.reachesInternet': '{{subnet}} reaches the internet via {{via}}',
  'scope.mixed': 'Task subnets {{subnets}} have no internet route and need endpoints; {{internet}}{{chosen}}.{{igwNote}}{{concerns}}',

  // Container images (imageChecks.ts).
  'image.title': 'Image of {{container}}',
  'image.otherRegion':
    'Container {{container}} pulls {{image}} from ECR in {{imageRegion}}, not {{region}}: the endpoints in {{vpc}} only reach ECR in {{region}}.',
  'image.otherRegionTimesOut':
    'Container {{container}} pulls {{image}} from ECR in {{imageRegion}}, not {{region}}: the endpoints in {{vpc}} only reach ECR in {{region}}, so the pull times out.',
  'image.fixReplicate': 'Replicate the repository to {{region}} (ECR replication) and use the {{region}} image URI.',
  'image.otherAccount':
    "Container {{container}} pulls {{image}} from account {{account}} in {{region}}; that repository's policy is checked below.",
  'image.sameRegion': 'Container {{container}} pulls {{image}} from ECR in {{region}}.',
  'image.overInternet': 'Container {{container}} pulls {{image}} from {{registry}} over the internet route.',
  'image.unreachable': 'Container {{container}} pulls {{image}} from {{registry}}, which tasks without internet access cannot reach.',
  'image.fixCopy':
    'Copy the image to a private ECR repository in {{region}} (or set up an ECR pull-through cache rule, whose first pull needs NAT) and use that URI.',
  'image.fixRoute': 'Give the tasks a route to {{registry}}, or copy the image to ECR in {{region}}.',

  // DNS (dns.ts).
  'title.vpcDns': 'VPC DNS attributes',
  'title.dhcpDns': 'DHCP options DNS',
  'dns.attributesOn': '{{vpc}} has DNS support and DNS hostnames on.',
  'dns.attributesOff': '{{vpc}} has {{attributes}} off; endpoint private DNS needs both on.',
  'dns.attributesFix': "Set {{attributes}} = true on the VPC (aws_vpc's enable_dns_hostnames defaults to false).",
  'dns.noDhcpOptions': '{{vpc}} has no DHCP options set: tasks use AmazonProvidedDNS.',
  'dns.dhcpAmazon': '{{options}} gives tasks {{servers}}.',
  'dns.dhcpOther':
    '{{options}} makes tasks resolve through {{servers}}, not AmazonProvidedDNS; endpoint private DNS names only resolve if those servers forward to the VPC resolver.',
  'dns.dhcpFix':
    'Add AmazonProvidedDNS to domain_name_servers of {{options}}, or make {{servers}} forward AWS names to the VPC resolver ({{resolvers}}).',

  // Findings (collectFindings).
  'finding.couldNotBeChecked': '{{title}} could not be checked: {{failure}}',
  'finding.affects': 'Affects {{items}}.',
  'finding.scopeUnread': 'Whether the tasks need endpoints could not be checked: {{failure}}',
  'finding.internetOne':
    'Task subnet {{subnets}} reaches the internet through {{via}} (route 0.0.0.0/0 in {{table}}), so it needs no VPC endpoints for ECR.',
  'finding.internetMany':
    'Task subnets {{subnets}} reach the internet through {{via}} (route 0.0.0.0/0 in {{table}}), so they need no VPC endpoints for ECR.',
  'finding.natAdvice':
    'ECR interface endpoints and an S3 gateway endpoint would keep image pulls off the NAT gateway and save its data charges.',
  'finding.brokenNat': 'Task subnet {{subnet}}: {{reason}}. The tasks have no way out, so they need VPC endpoints.',
  'finding.brokenNatFix':
    'Add a route 0.0.0.0/0 to an internet gateway in {{table}} (aws ec2 create-route --route-table-id {{table}} --destination-cidr-block 0.0.0.0/0 --gateway-id <igw-id>), or create the endpoints below.',
  'finding.unknownEgress':
    'Task subnet {{subnet}}: {{reason}}. It is not counted as internet; missing endpoints are reported as undecided, not passed.',
  'finding.unknownEgressFix': 'Make sure the far side of {{via}} gives internet access (NAT), or create the endpoints in this VPC.',
  'finding.stopsUnread': 'The stopped tasks could not be read, so their stop reasons are not shown: {{failure}}',

  // Groups of steps (text report, undecided list, results view).
  'group.scope': 'Scope',
  'group.dns': 'DNS',
  'group.executionRole': 'Execution role',
  'group.images': 'Images',
  'group.secrets': 'Secrets',
  'group.stoppedTasks': 'Stopped tasks',

  // The command line's text report (formatLiveText) and the results view (buildResultOutline).
  'report.heading': 'Live check of {{target}}',
  'report.targetService': 'service {{service}} ({{cluster}})',
  'report.targetTask': 'task {{task}} ({{cluster}})',
  'report.targetVpc': '{{vpc}} subnets {{subnets}}',
  'report.targetIn': '{{what}} in {{vpc}}, {{region}}',
  'report.whyStopped': 'Why tasks stopped:',
  'report.event': 'Event',
  'report.task': 'Task {{task}}',
  'report.scope': 'Scope: {{state}}',
  'report.scopeUndecided': 'undecided',
  'report.scopeNeedsEndpoints': 'the tasks need VPC endpoints',
  'report.scopeInternet': 'the tasks reach the internet',
  'report.fix': 'Fix: {{text}}',
  'report.run': 'Run: {{text}}',
  'report.console': 'Console: {{text}}',
  'report.advice': 'Advice: {{text}}',
  'report.blockOk': '{{label}}: ok ({{count}} step)',
  'report.blockOkMany': '{{label}}: ok ({{count}} steps)',
  'report.blockFailed': '{{label}}: FAILED',
  'report.blockFailedSeverity': '{{label}}: failed ({{severity}})',
  'report.blockUnknown': '{{label}}: unknown',
  'report.blockPassed': '{{label}}: passed',
  'report.serviceVia': '{{service}} ({{via}})',
  'report.throughInternet': 'through the internet',
  'report.noEndpoint': 'no endpoint',
  'report.egress': 'Egress: {{marker}} {{resource}}',
  'report.undecided': 'Undecided ({{count}}): the run is incomplete, nothing below is a pass',
  'report.errorsOne': '{{count}} error',
  'report.errorsMany': '{{count}} errors',
  'report.warningsOne': '{{count}} warning',
  'report.warningsMany': '{{count}} warnings',
  'report.callsOne': '; {{count}} API call',
  'report.callsMany': '; {{count}} API calls',
  'report.summary': '{{errors}}, {{warnings}}, {{info}} info, {{undecided}} undecided{{calls}}',
  'report.summaryTimed': '{{errors}}, {{warnings}}, {{info}} info, {{undecided}} undecided{{calls}} in {{ms}} ms',
  'outline.scopeNeedsEndpoints': 'Scope: the tasks need VPC endpoints',
  'outline.scopeInternet': 'Scope: the tasks reach the internet',
  'outline.why': 'Why',
  'outline.ok': 'OK',
  'outline.fix': 'Fix',
  'outline.advice': 'Advice',
  'outline.unknown': 'unknown',
  'outline.failed': 'failed',
  'outline.failedSeverity': 'failed ({{severity}})',
  'outline.passed': 'passed',
  'outline.groupPassed': '{{count}} passed',
  'outline.resource': 'Resource: {{resource}}',
  'outline.rule': 'Rule: {{rule}}',
  'outline.neededBecause': '{{serviceName}} ({{type}}): needed because {{because}}.',
  'outline.whyStopped': 'Why tasks stopped',
  'outline.disagrees': 'disagrees with the check',
  'outline.serviceEvent': 'Service event',
  'outline.stoppedTask': 'Stopped task',
  // Execution role (iam.ts).
  'common.sentences': '{{sentences}}',
  'title.executionRole': 'Execution role',
  'title.executionRoleTrust': 'Execution role trust',
  'title.executionRolePermissions': 'Execution role permissions',
  'title.executionRoleEcr': 'Execution role ECR permissions',
  'title.executionRoleLogs': 'Execution role log permissions',
  'title.executionRoleSecrets': 'Execution role secret permissions',
  'title.authCondition': 'GetAuthorizationToken condition',
  'iam.usePullsEcr': 'pulls from ECR',
  'iam.useLogs': 'logs with awslogs',
  'iam.useSecrets': 'reads secrets',
  'iam.noRole': 'Task definition {{taskDefinition}} has no executionRoleArn, but {{use}}.',
  'iam.noRoleEc2':
    'Task definition {{taskDefinition}} has no executionRoleArn, but {{use}} (on EC2 the container instance role is used instead; it is not checked here).',
  'iam.noRoleFix': 'Set execution_role_arn to a role that trusts ecs-tasks.amazonaws.com and has AmazonECSTaskExecutionRolePolicy attached.',
  'iam.roleMissing': 'Execution role {{role}} of {{taskDefinition}} does not exist.',
  'iam.roleMissingFix': 'Create role {{role}} or point execution_role_arn at an existing role.',
  'iam.trusted': '{{role}} trusts {{principal}}.',
  'iam.notTrusted': 'The trust policy of {{role}} does not let {{principal}} assume it.',
  'iam.notTrustedFix': 'Add a statement allowing sts:AssumeRole to the service principal {{principal}} in the trust policy of {{role}}.',
  'iam.request': '{{action}} on {{resource}}',
  'iam.requestBoundary': '{{request}} (the permissions boundary {{boundary}} does not allow it)',
  'iam.requestDenied': '{{request}} (denied by {{statements}})',
  'iam.requestDepends': '{{request}} (depends on {{keys}})',
  'iam.aCondition': 'a condition',
  'iam.fixBoundaryOne':
    "Allow {{actions}} in the permissions boundary {{boundary}} of {{role}} (or remove the boundary): the role's own policies already allow it.",
  'iam.fixBoundaryMany':
    "Allow {{actions}} in the permissions boundary {{boundary}} of {{role}} (or remove the boundary): the role's own policies already allow them.",
  'iam.fixRemoveDeny': 'Remove or narrow the Deny in {{statements}}.',
  'iam.fixAllow': 'Allow {{grants}} in a policy of {{role}}.',
  'iam.fixOrAttach': 'Or attach AmazonECSTaskExecutionRolePolicy to {{role}}.',
  'iam.fixLogsNote': 'AmazonECSTaskExecutionRolePolicy grants logs:CreateLogStream and logs:PutLogEvents (not logs:CreateLogGroup).',
  'iam.notAllowed': 'Execution role {{role}} is not allowed {{missing}}.',
  'iam.undecided': 'Could not decide {{items}}.',
  'iam.allowed': '{{role}} is allowed {{actions}}.',
  'iam.conditionTies': '{{policy}} ({{effect}}) ties ecr:GetAuthorizationToken to {{keys}}',
  'iam.conditionBlocks':
    '{{ties}}; that call does not come through the VPC endpoint, so the condition never holds and the token is refused.',
  'iam.conditionFix':
    'Grant ecr:GetAuthorizationToken on "*" in a statement without aws:SourceVpc/aws:SourceVpce conditions (keep the conditions on the pull actions).',
  'iam.conditionOk': 'A statement without a source-VPC condition allows ecr:GetAuthorizationToken.',
  // ECR repositories, images, secrets and parameters (artifacts.ts).
  'title.repository': 'Repository {{name}}',
  'title.image': 'Image {{name}}:{{tag}}',
  'title.repositoryPolicy': 'Repository policy of {{name}}',
  'title.secret': 'Secret {{name}}',
  'title.registryCredentials': 'Registry credentials {{name}}',
  'title.parameter': 'Parameter {{name}}',
  'repo.uses': 'container {{containers}}',
  'repo.cacheRepositoryMissing': 'Repository {{name}} does not exist in {{registry}}',
  'repo.cacheImageMissing': 'Image {{tag}} is not in {{name}}',
  'repo.throughCache':
    '{{what}} yet; {{name}} falls under the pull-through cache rule "{{prefix}}" ({{upstream}}), so the first pull fetches it from upstream.',
  'repo.throughCacheNoInternet':
    '{{what}} yet; {{name}} falls under the pull-through cache rule "{{prefix}}" ({{upstream}}), so the first pull fetches it from upstream, which tasks without internet (NAT) cannot trigger.',
  'repo.throughCacheFix':
    'Pull {{image}} once from a network with internet access (or through NAT) so ECR caches it, or copy the image into ECR.',
  'repo.missing':
    'Repository {{name}} does not exist in account {{registry}}, {{region}} ({{uses}} pulls {{image}}): the task stops with CannotPullContainerError … not found.',
  'repo.missingFix': 'Create repository {{name}} in {{registry}} ({{region}}) and push the image, or fix the image URI.',
  'repo.exists': 'Repository {{name}} exists in {{registry}}, {{region}}.',
  'repo.imageMissing':
    'Repository {{name}} has no image {{tag}} ({{uses}} pulls {{image}}): the task stops with CannotPullContainerError … not found.',
  'repo.imageMissingFix': 'Push {{name}}:{{tag}} to {{registry}} or point the task definition at a tag or digest that exists.',
  'repo.imageFound': '{{name}} has {{tag}}.',
  'repo.imageFoundDigest': '{{name}} has {{tag}} ({{digest}}…).',
  'repoPolicy.noPolicyCrossAccount':
    'Repository {{name}} is in account {{registry}} and has no repository policy, so account {{account}} cannot pull from it.',
  'repoPolicy.noPolicyCrossAccountFix': 'Add a repository policy to {{name}} allowing {{actions}} to {{principal}}.',
  'repoPolicy.noPolicySameAccount':
    "Repository {{name}} has no repository policy; the execution role's own policies decide (same account).",
  'repoPolicy.invalid': 'The repository policy of {{name}} is not valid JSON.',
  'repoPolicy.deniedAction': '{{action}} ({{statements}})',
  'repoPolicy.dependsAction': '{{action}} (depends on {{keys}})',
  'repoPolicy.thePrincipal': 'the principal',
  'repoPolicy.theRole': 'the execution role',
  'repoPolicy.denies': 'The repository policy of {{name}} denies {{who}} {{denied}}.',
  'repoPolicy.deniesFix': 'Remove or narrow the Deny in the repository policy of {{name}}.',
  'repoPolicy.notAllowed':
    'Repository {{name}} is in account {{registry}}; its policy does not allow {{who}} (account {{account}}) {{actions}}.',
  'repoPolicy.notAllowedFix': 'Allow {{actions}} to {{principal}} in the repository policy of {{name}}.',
  'repoPolicy.undecided': 'Could not decide {{items}} in the repository policy of {{name}}.',
  'repoPolicy.allowsPull': 'The repository policy of {{name}} allows {{who}} to pull.',
  'repoPolicy.doesNotDeny': 'The repository policy of {{name}} does not deny {{who}}.',
  'secret.otherRegion': 'Secret {{arn}} is in {{secretRegion}}, not {{region}}; it was not read.',
  'secret.missing':
    'Secret {{arn}} (container {{container}}) does not exist: the task stops with ResourceInitializationError: unable to retrieve secret from asm.',
  'secret.missingFix': 'Create the secret or correct {{field}} of container {{container}}.',
  'secret.exists': 'Secret {{name}} exists.',
  'secret.existsWithKey': 'Secret {{name}} exists (KMS key {{key}}).',
  'parameter.otherRegion': 'Parameter {{arn}} is in {{parameterRegion}}, not {{region}}; it was not read.',
  'parameter.missing':
    'Parameter {{name}} (container {{container}}) does not exist in {{region}}: the task stops with ResourceInitializationError: unable to pull secrets … ssm.',
  'parameter.missingFix':
    'Create the parameter (aws ssm put-parameter --name {{name}} --type SecureString --value …) or correct secrets[].valueFrom of container {{container}}.',
  'parameter.exists': 'Parameter {{name}} exists ({{type}}).',
  'parameter.existsWithKey': 'Parameter {{name}} exists ({{type}}, key {{key}}).',
  // KMS keys of repositories, secrets and parameters (artifacts.ts).
  'title.kmsKey': 'KMS key of {{what}}',
  'kms.whatRepository': 'repository {{name}}',
  'kms.whatSecret': 'secret {{name}}',
  'kms.whatParameter': 'parameter {{name}}',
  'kms.keyMissing': '{{what}} is encrypted with KMS key {{key}}, which does not exist (or is in another account the check cannot read).',
  'kms.keyMissingFix': 'Re-encrypt {{resource}} with an existing key.',
  'kms.awsManaged': '{{what}} uses an AWS managed key, which the service decrypts for callers it authorises.',
  'kms.policyNotRead': 'The key policy of {{key}} was not read.',
  'kms.noRole': 'No execution role: kms:Decrypt on {{key}} cannot be judged.',
  'kms.policyInvalid': 'The key policy of {{key}} is not valid JSON.',
  'kms.denied': 'The key policy of {{key}} denies kms:Decrypt to {{role}} ({{statements}}), so {{what}} cannot be decrypted.',
  'kms.deniedFix': 'Remove the Deny for {{role}} from the key policy of {{key}}.',
  'kms.allowed': 'The key policy of {{key}} allows {{role}} kms:Decrypt.',
  'kms.policyDepends': 'Could not decide kms:Decrypt on {{key}} for {{role}}: the key policy depends on {{keys}}.',
  'kms.notDelegated':
    'The key policy of {{key}} neither allows {{role}} kms:Decrypt nor hands the decision to IAM (a statement for arn:aws:iam::{{account}}:root), so {{what}} cannot be decrypted.',
  'kms.notDelegatedFix': 'Add a statement to the key policy of {{key}} allowing kms:Decrypt to {{roleArn}}.',
  'kms.rolePoliciesNotRead': 'The policies of {{role}} were not read.',
  'kms.delegatedAllowed': 'The key policy of {{key}} hands kms:Decrypt to IAM, and {{role}} is allowed it.',
  'kms.roleDepends': 'Could not decide kms:Decrypt on {{key}} for {{role}} (depends on {{keys}}).',
  'kms.roleNotAllowed': '{{role}} is not allowed kms:Decrypt on {{key}}, so {{what}} cannot be decrypted.',
  'kms.roleNotAllowedBoundary':
    '{{role}} is not allowed kms:Decrypt on {{key}} (the permissions boundary {{boundary}} does not allow it), so {{what}} cannot be decrypted.',
  'kms.roleNotAllowedDenied': '{{role}} is not allowed kms:Decrypt on {{key}} (denied by {{statements}}), so {{what}} cannot be decrypted.',
  'kms.roleNotAllowedFix': 'Allow kms:Decrypt on {{key}} in {{where}}.',
  'kms.whereBoundary': 'the permissions boundary {{boundary}} of {{role}}',
  'kms.wherePolicy': 'a policy of {{role}}',
  // Fragments of route and security-group texts (routes.ts, securityGroups.ts).
  'sg.permission': '{{group}} ({{ports}}, {{peer}})',
  'sg.allTraffic': 'all traffic',
  'routeVia.internetGateway': '{{id}} (internet gateway)',
  'routeVia.natGateway': '{{id}} (NAT gateway)',
  'routeVia.natInstance': '{{id}} (NAT instance)',
  'routeVia.named': '{{id}} ({{what}})',
  'routeKind.transitGateway': 'transit gateway',
  'routeKind.peering': 'VPC peering connection',
  'routeKind.virtualPrivateGateway': 'virtual private gateway',
  'routeConcern.natNotAvailable': 'the default route of {{table}} goes to NAT gateway {{nat}}, which is {{state}}, not available',
  'routeConcern.natNoInternet':
    'the default route of {{table}} goes to NAT gateway {{nat}}, but its subnet {{subnet}} (route table {{natTable}}) has no route to an internet gateway, so the NAT gateway gives no internet',
  'routeConcern.unknownEgress':
    'the default route of {{table}} goes to {{what}} {{target}}; whether that leads to the internet (a central egress VPC) or nowhere cannot be seen from this VPC',
  // Stopped tasks and service events (stops.ts).
  'stop.unknownTime': 'an unknown time',
  'stop.leadEvent': 'A service event at {{time}} with "{{text}}"',
  'stop.leadThisTask': 'This task stopped at {{time}} with "{{text}}"',
  'stop.leadLastTask': 'Your last task stopped at {{time}} with "{{text}}"',
  'stop.labelEvent': 'Service event ({{time}})',
  'stop.labelThisTask': 'This task ({{time}})',
  'stop.labelLastTask': 'Last stopped task ({{time}})',
  'stop.notExplained': '{{lead}}: not a pull, secret or network failure this check looks at.',
  'stop.notExplainedHeadline': '{{label}}: not a failure this check explains',
  'stop.wherePath': '{{service}} / {{title}}',
  'stop.resourceInParentheses': ' ({{resource}})',
  'stop.couldNotBeChecked': ', which could not be checked',
  'stop.explained': '{{lead}} → {{summary}}: this is {{where}}{{resource}}{{unchecked}}: {{reason}}',
  'stop.statusFailed': 'failed',
  'stop.statusUnknown': 'unknown',
  'stop.explainedHeadline': '{{label}}: {{summary}} → {{where}}{{resource}} ({{status}})',
  'stop.disagreeNotNeeded':
    "{{lead}} → {{summary}}, but {{part}} is not on this task definition's needs: the stop reason and the configuration disagree.",
  'stop.disagreeNothing': '{{lead}} → {{summary}}, but {{part}} has nothing to check: the stop reason and the configuration disagree.',
  'stop.disagreePassed':
    '{{lead}} → {{summary}}, but every step of {{part}} passed: the stop reason and the configured path disagree (the cause may be outside what this check sees — DNS rules, a firewall, an SCP — or the configuration changed since the task stopped).',
  'stop.disagreeNotCheckedHeadline': '{{label}}: {{summary}}, but {{part}} is not checked: they disagree',
  'stop.disagreePassedHeadline': '{{label}}: {{summary}}, but {{part}} passed: they disagree',
  'stop.partPath': 'the path to {{service}}',
  'stop.partImages': 'the image checks',
  'stop.partSecrets': 'the secret checks',
  'stop.partRole': 'the execution role',
  'stop.partRolePermissions': 'the execution role ({{which}} permissions)',
  'cause.pullDenied': 'the image pull was denied',
  'cause.s3': 'image layers could not be downloaded from S3',
  'cause.timeout': 'the connection to {{service}} timed out',
  'cause.imageMissing': 'the image or its repository does not exist',
  'cause.pullFailed': 'the image could not be pulled',
  'cause.logsDenied': 'the awslogs driver was denied',
  'cause.logsUnreachable': 'the awslogs driver could not reach CloudWatch Logs',
  'cause.parameterDenied': 'reading a parameter was denied',
  'cause.secretDenied': 'reading a secret was denied',
  'cause.parameterMissing': 'a parameter does not exist',
  'cause.secretMissing': 'a secret does not exist',
  'cause.ssmUnreachable': 'SSM Parameter Store could not be reached',
  'cause.secretsManagerUnreachable': 'Secrets Manager could not be reached',
  'cause.credentialsDenied': 'fetching the registry credentials was denied',
  'cause.credentialsFailed': 'the registry credentials could not be fetched (ecr.api)',
  'cause.secretFailed': 'a secret could not be retrieved',
  'cause.roleDenied': 'a call of the execution role was denied',
} as const satisfies Record<string, string>;

/** Every live message id. */
export type LiveMessageId = keyof typeof LIVE_EN;

/** The placeholder names of a template, as a union of string literal types. */
type Placeholders<S extends string> = S extends `${string}{{${infer Name}}}${infer Rest}` ? Name | Placeholders<Rest> : never;

/** The data a message id needs: exactly its placeholders (checked when the live check is compiled). */
export type LiveData<K extends LiveMessageId> = Record<Placeholders<(typeof LIVE_EN)[K]>, LiveArg>;

/** A message id with the data it is filled with. */
export interface LiveText {
  id: LiveMessageId;
  data: Record<string, LiveArg>;
}

/** A list whose items are joined with the language's separator for `separator` (English: as given). */
export interface LiveJoin {
  join: LiveArg[];
  separator: '; ' | ', ' | ' and ' | ' ';
}

/** A placeholder's value. */
export type LiveArg = string | number | LiveText | LiveJoin;

/** A live message: `lt('privateDns.on', { endpoint })`. */
export function lt<K extends LiveMessageId>(id: K, ...data: [Placeholders<(typeof LIVE_EN)[K]>] extends [never] ? [] : [LiveData<K>]): LiveText {
  return { id, data: (data[0] ?? {}) as Record<string, LiveArg> };
}

/** A list of values for a placeholder. */
export function ljoin(items: LiveArg[], separator: LiveJoin['separator']): LiveJoin {
  return { join: items, separator };
}

/** True for a `LiveText`. */
export function isLiveText(value: unknown): value is LiveText {
  return typeof value === 'object' && value !== null && 'id' in value && 'data' in value;
}

