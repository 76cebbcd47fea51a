/**
 * Console links and AWS CLI fix commands for the live check's output. Both are derived from a step's resource and
 * the result around it, so the checks themselves stay about verdicts.
 */
import type { CheckStep, LiveCheckResult, PathHop, ServicePathResult } from './result';

/** The region-specific AWS console page of a resource id (vpce-, sg-, rtb-, acl-, subnet-, vpc-, nat-, tgw-, role, repository, secret, key). */
export function consoleUrl(resource: string | null, region: string): string | null {
  if (!resource) return null;
  const base = `https://${region}.console.aws.amazon.com`;
  const vpcConsole = (fragment: string) => `${base}/vpcconsole/home?region=${region}#${fragment}`;
  if (/^vpce-/.test(resource)) return vpcConsole(`EndpointDetails:vpcEndpointId=${resource}`);
  if (/^sg-/.test(resource)) return vpcConsole(`SecurityGroup:groupId=${resource}`);
  if (/^rtb-/.test(resource)) return vpcConsole(`RouteTableDetails:RouteTableId=${resource}`);
  if (/^acl-/.test(resource)) return vpcConsole(`NetworkAclDetails:networkAclId=${resource}`);
  if (/^subnet-/.test(resource)) return vpcConsole(`SubnetDetails:subnetId=${resource}`);
  if (/^vpc-/.test(resource)) return vpcConsole(`VpcDetails:VpcId=${resource}`);
  if (/^nat-/.test(resource)) return vpcConsole(`NatGatewayDetails:natGatewayId=${resource}`);
  if (/^tgw-/.test(resource)) return vpcConsole(`TransitGatewayDetails:transitGatewayId=${resource}`);
  if (/^pcx-/.test(resource)) return vpcConsole(`PeeringConnectionDetails:VpcPeeringConnectionId=${resource}`);
  if (/^vgw-/.test(resource)) return vpcConsole(`VpnGatewayDetails:VpnGatewayId=${resource}`);
  if (/^arn:aws[\w-]*:ecr:/.test(resource)) {
    const [, , , repoRegion, account, rest] = resource.split(':');
    return `https://${repoRegion}.console.aws.amazon.com/ecr/repositories/private/${account}/${rest.replace(/^repository\//, '')}?region=${repoRegion}`;
  }
  if (/^\d{12}\//.test(resource)) return `${base}/ecr/private-registry/repositories?region=${region}`;
  if (/^arn:aws[\w-]*:kms:/.test(resource))
    return `https://${resource.split(':')[3]}.console.aws.amazon.com/kms/home?region=${resource.split(':')[3]}#/kms/keys/${resource.split('/').pop()}`;
  if (/^arn:aws[\w-]*:secretsmanager:/.test(resource)) {
    const name = resource.split(':')[6]?.replace(/-[A-Za-z0-9]{6}$/, '') ?? '';
    return `https://${resource.split(':')[3]}.console.aws.amazon.com/secretsmanager/secret?name=${encodeURIComponent(name)}&region=${resource.split(':')[3]}`;
  }
  if (/^arn:aws[\w-]*:ssm:/.test(resource)) {
    const name = resource.slice(resource.indexOf(':parameter/') + ':parameter/'.length);
    return `https://${resource.split(':')[3]}.console.aws.amazon.com/systems-manager/parameters/${name.includes('/') ? `/${name}` : name}/description?region=${resource.split(':')[3]}`;
  }
  if (/^[\w-]+:\d+$/.test(resource)) {
    const [family, revision] = resource.split(':');
    return `${base}/ecs/v2/task-definitions/${family}/${revision}?region=${region}`;
  }
  if (/^arn:aws[\w-]*:ecs:.*:task\//.test(resource)) {
    const [cluster, task] = resource.split('/').slice(-2);
    return `${base}/ecs/v2/clusters/${cluster}/tasks/${task}?region=${region}`;
  }
  // Anything else that looks like a role name (IAM is global).
  if (/^[\w+=,.@-]+$/.test(resource)) return `https://console.aws.amazon.com/iam/home#/roles/details/${resource}`;
  return null;
}

function hopOf(path: ServicePathResult, kind: PathHop['hop']): PathHop | undefined {
  return path.hops.find((hop) => hop.hop === kind);
}

/** The AWS CLI command for a failed hop of a service path, when one command makes the fix. */
function pathCommand(result: LiveCheckResult, path: ServicePathResult, hop: PathHop): string | undefined {
  const region = result.target.region;
  const taskGroup = result.target.securityGroupIds[0] ?? '<task-sg-id>';
  const subnets = result.scope.privateSubnetIds.length > 0 ? result.scope.privateSubnetIds : result.target.subnetIds;
  switch (hop.hop) {
    case 'task-sg-egress': {
      if (path.endpointType === 'Gateway') {
        const prefixList = /pl-[0-9a-f]+/.exec(hop.fix ?? '')?.[0] ?? '<s3-prefix-list-id>';
        return `aws ec2 authorize-security-group-egress --region ${region} --group-id ${hop.resource} --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,PrefixListIds=[{PrefixListId=${prefixList}}]'`;
      }
      const endpointGroup = hopOf(path, 'endpoint-sg-ingress')?.resource ?? /sg-[0-9a-f]+/.exec(hop.fix ?? '')?.[0] ?? '<endpoint-sg-id>';
      return `aws ec2 authorize-security-group-egress --region ${region} --group-id ${hop.resource} --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,UserIdGroupPairs=[{GroupId=${endpointGroup}}]'`;
    }
    case 'endpoint-sg-ingress':
      return `aws ec2 authorize-security-group-ingress --region ${region} --group-id ${hop.resource} --protocol tcp --port 443 --source-group ${taskGroup}`;
    case 'endpoint-private-dns':
      return `aws ec2 modify-vpc-endpoint --region ${region} --vpc-endpoint-id ${hop.resource} --private-dns-enabled`;
    case 'endpoint-subnets':
      return `aws ec2 modify-vpc-endpoint --region ${region} --vpc-endpoint-id ${hop.resource} --add-subnet-ids ${subnets.join(' ')}`;
    case 'route-table':
      if (path.endpointType === 'Gateway' && path.endpointId && hop.resource?.startsWith('rtb-')) {
        return `aws ec2 modify-vpc-endpoint --region ${region} --vpc-endpoint-id ${path.endpointId} --add-route-table-ids ${hop.resource}`;
      }
      return undefined;
    case 'network-acl': {
      const match = /(outbound|inbound) TCP (\d+)(?:-(\d+))? (?:to|from) [^;]*?\((\d+\.\d+\.\d+\.\d+\/\d+)/.exec(hop.reason);
      if (!match || !hop.resource) return undefined;
      const [, direction, from, to] = match;
      return `aws ec2 create-network-acl-entry --region ${region} --network-acl-id ${hop.resource} --rule-number <number below the deny> --protocol tcp --port-range From=${from},To=${to ?? from} --cidr-block ${match[4]} --rule-action allow${direction === 'outbound' ? ' --egress' : ''}`;
    }
    case 'endpoint':
      if (hop.resource?.startsWith('vpc-') && hop.ruleId !== 'endpoint-state') {
        return path.endpointType === 'Gateway'
          ? `aws ec2 create-vpc-endpoint --region ${region} --vpc-id ${hop.resource} --vpc-endpoint-type Gateway --service-name ${path.serviceName} --route-table-ids <route tables of ${subnets.join(', ')}>`
          : `aws ec2 create-vpc-endpoint --region ${region} --vpc-id ${hop.resource} --vpc-endpoint-type Interface --service-name ${path.serviceName} --subnet-ids ${subnets.join(' ')} --security-group-ids <endpoint-sg-id> --private-dns-enabled`;
      }
      return undefined;
    default:
      return undefined;
  }
}

function stepCommand(result: LiveCheckResult, step: CheckStep): string | undefined {
  if (step.command) return step.command;
  const region = result.target.region;
  if (step.ruleId === 'vpc-dns-attributes' && step.resource) {
    const flags = [
      /enable_dns_support/.test(step.fix ?? '')
        ? `aws ec2 modify-vpc-attribute --region ${region} --vpc-id ${step.resource} --enable-dns-support '{"Value":true}'`
        : null,
      /enable_dns_hostnames/.test(step.fix ?? '')
        ? `aws ec2 modify-vpc-attribute --region ${region} --vpc-id ${step.resource} --enable-dns-hostnames '{"Value":true}'`
        : null,
    ];
    return flags.filter(Boolean).join(' && ') || undefined;
  }
  if (step.ruleId === 'image-registry' && step.title.startsWith('Repository ') && /does not exist/.test(step.reason) && step.resource) {
    const [account, ...name] = step.resource.split('/');
    return `aws ecr create-repository --region ${region} --registry-id ${account} --repository-name ${name.join('/')}`;
  }
  if (step.ruleId === 'secrets-endpoints' && step.title.startsWith('Secret') && /does not exist/.test(step.reason) && step.resource) {
    const name = step.resource.split(':')[6]?.replace(/-[A-Za-z0-9]{6}$/, '') ?? '<name>';
    return `aws secretsmanager create-secret --region ${region} --name ${name} --secret-string '<value>'`;
  }
  if (step.ruleId === 'secrets-endpoints' && step.title.startsWith('Parameter') && /does not exist/.test(step.reason)) {
    return `aws ssm put-parameter --region ${region} --name ${step.title.slice('Parameter '.length)} --type SecureString --value '<value>'`;
  }
  if (step.ruleId === 'execution-role' && step.title === 'Execution role trust' && step.resource) {
    return `aws iam update-assume-role-policy --role-name ${step.resource} --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}'`;
  }
  return undefined;
}

/** Fills `command` on every failed step that one AWS CLI command can fix. */
export function attachCommands(result: LiveCheckResult): void {
  for (const path of result.services) {
    for (const hop of path.hops) {
      if (hop.status !== 'failed' || hop.command) continue;
      const command = pathCommand(result, path, hop);
      if (command) hop.command = command;
    }
  }
  for (const step of [...result.dns, ...result.iam, ...result.images, ...result.secrets]) {
    if (step.status !== 'failed') continue;
    const command = stepCommand(result, step);
    if (command) step.command = command;
  }
}
