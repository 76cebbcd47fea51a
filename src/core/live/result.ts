/** The structure a live check returns: per needed service the hop-by-hop path, plus DNS, IAM and image checks. */
import type { Finding, Severity } from '../findings';
import type { LiveCallErrorKind } from './types';

/** The state of one check. `unknown` is never a pass: the data was missing or could not be judged. */
export type CheckStatus = 'passed' | 'failed' | 'unknown';

/** A read that failed and made a check unknown. */
export interface ApiFailure {
  operation: string;
  kind: LiveCallErrorKind;
  message: string;
}

/** One check with the AWS resource it is about, why it passed or failed, and what to do. */
export interface CheckStep {
  /** The rule of the catalog (docs/rules.md) this check implements. */
  ruleId: string;
  status: CheckStatus;
  /** Severity of the finding this step produces when it fails. */
  severity: Severity;
  /** Short name for lists and trees, e.g. "Task security group egress". */
  title: string;
  /** The AWS id (vpce-…, sg-…, rtb-…, acl-…, role name) or null. */
  resource: string | null;
  /** Why it passed, failed, or could not be decided. */
  reason: string;
  /** What to change, when it failed. */
  fix: string | null;
  /** Set when the step is unknown because a read failed. */
  apiFailure?: ApiFailure;
  /** Advice that does not fail the step (an info finding), e.g. an endpoint missing from one AZ. */
  advice?: string;
  /** What the step is on the path to (e.g. `ecr.api (vpce-…)`), so findings about one shared resource can list them. */
  affects?: string;
}

/** Where one hop sits on the path from a task to a service. */
export type HopKind =
  | 'task-sg-egress'
  | 'network-acl'
  | 'route-table'
  | 'endpoint'
  | 'endpoint-private-dns'
  | 'endpoint-subnets'
  | 'endpoint-sg-ingress'
  | 'endpoint-policy';

/** One hop of a path. */
export interface PathHop extends CheckStep {
  hop: HopKind;
}

/** The path from the tasks to one AWS service the tasks need. */
export interface ServicePathResult {
  /** Short service name: `ecr.api`, `ecr.dkr`, `s3`, `logs`, `secretsmanager`, `ssm`, `ecs-agent`, … */
  service: string;
  /** `com.amazonaws.<region>.<service>`. */
  serviceName: string;
  endpointType: 'Interface' | 'Gateway';
  /** Why the tasks need it. */
  neededBecause: string;
  /** The rule that requires the endpoint (`ecr-dkr-endpoint`, `logs-endpoint`…). */
  ruleId: string;
  /** The endpoint used, when one exists. */
  endpointId: string | null;
  /** True when the traffic leaves through NAT/IGW/TGW instead of an endpoint (endpoint not needed). */
  viaInternet: boolean;
  /** failed if any hop failed, else unknown if any hop is unknown, else passed. */
  status: CheckStatus;
  hops: PathHop[];
}

/** Where the tasks run, as resolved from the ECS service or the given VPC. */
export interface ResolvedTarget {
  kind: 'service' | 'vpc';
  region: string;
  accountId: string | null;
  clusterArn: string | null;
  serviceArn: string | null;
  serviceName: string | null;
  taskDefinitionArn: string | null;
  vpcId: string;
  subnetIds: string[];
  securityGroupIds: string[];
  /** True when the task security groups were not given and the VPC default group applies. */
  usesDefaultSecurityGroup: boolean;
  assignPublicIp: boolean;
  /** `FARGATE`, `EC2`, `EXTERNAL` or null when unknown (VPC target). */
  launchType: string | null;
  platformVersion: string | null;
}

/** Whether the tasks need endpoints at all. */
export interface ScopeResult {
  /** True when at least one task subnet has no internet route, so endpoints are needed there. */
  inScope: boolean;
  status: CheckStatus;
  reason: string;
  /** Task subnets without a route to the internet (the ones the paths are checked for). */
  privateSubnetIds: string[];
  /** Task subnets with an internet route, with the route that provides it. */
  internetSubnets: Array<{ subnetId: string; routeTableId: string; via: string }>;
  apiFailure?: ApiFailure;
}

/** Everything one live check found. */
export interface LiveCheckResult {
  version: 1;
  target: ResolvedTarget;
  scope: ScopeResult;
  services: ServicePathResult[];
  dns: CheckStep[];
  iam: CheckStep[];
  images: CheckStep[];
  /** The same problems as flat findings (file and range null, resource = AWS id), sorted. */
  findings: Finding[];
}
