/** The structure a live check returns: per needed service the hop-by-hop path, plus DNS, IAM and image checks. */
import type { Finding, Severity } from '../findings';
import type { LiveText } from '../l10n/live-messages';
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
  /** The AWS CLI command that makes the fix, when one command does (placeholders in <angle brackets>). */
  command?: string;
  /** Set when the step is unknown because a read failed. */
  apiFailure?: ApiFailure;
  /** Advice that does not fail the step (an info finding), e.g. an endpoint missing from one AZ. */
  advice?: string;
  /** What the step is on the path to (e.g. `ecr.api (vpce-…)`), so findings about one shared resource can list them. */
  affects?: string;
  /** The message ids (with data) `title`, `reason`, `fix` and `advice` were rendered from, so they can be rendered in another language. */
  texts?: StepTexts;
}

/** The live messages of a step's texts; a text without one stays as it is in every language. */
export interface StepTexts {
  title?: LiveText;
  reason?: LiveText;
  fix?: LiveText;
  advice?: LiveText;
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
  /** The live message `neededBecause` was rendered from. */
  texts?: { neededBecause: LiveText };
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

/** A stopped task's (or a service event's) reason, joined with the part of the check that explains it. */
export interface StopReport {
  /** `this-task` for a --task target, `stopped-task` for a service's latest stopped task, `event` for a service event. */
  source: 'this-task' | 'stopped-task' | 'event';
  /** The task ARN, or the event's time. */
  id: string;
  /** ISO time the task stopped or the event was created. */
  at: string | null;
  /** The reason text it was matched on. */
  reason: string;
  cause: { area: 'path' | 'images' | 'iam' | 'secrets'; service: string | null; summary: string } | null;
  /** The failed (or unknown) step that explains it; null when none does. */
  explainedBy: { title: string; resource: string | null; status: CheckStatus; service: string | null } | null;
  /** True when the step it points at failed; false when the check passed that part (they disagree); null when the reason is about something else. */
  agrees: boolean | null;
  /** One sentence for people, e.g. "Your last task stopped at … → …: this is ecr.dkr / Endpoint security group ingress (sg-…): …". */
  message: string;
  /** The same, short: "Last stopped task (…): <cause> → <service / step> <resource>" for one line of text output. */
  headline: string;
  /** The live messages `message` and `headline` were rendered from. */
  texts?: { message: LiveText; headline: LiveText };
}

/** Something the check could not decide; listed in the text summary and making the run "incomplete" (exit 3). */
export interface UndecidedItem {
  /** The service path (`ecr.dkr`) or group (`Scope`, `DNS`, `Execution role`, `Images`, `Secrets`, `Stopped tasks`). */
  group: string;
  title: string;
  resource: string | null;
  reason: string;
}

/** Where the tasks run, as resolved from the ECS service, one task or the given VPC. */
export interface ResolvedTarget {
  kind: 'service' | 'vpc' | 'task';
  /** For a task target: the task ARN. */
  taskArn?: string | null;
  /** True when the task's security groups could not be found (its network interface is gone and no service names them). */
  securityGroupsUnknown?: boolean;
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
  /** The live message `reason` was rendered from. */
  texts?: {
    reason: LiveText;
    /** The live messages of the `via` and `reason` phrases below, keyed by their English text. */
    phrases?: Record<string, LiveText>;
  };
  /** Task subnets without a route to the internet (the ones the paths are checked for). */
  privateSubnetIds: string[];
  /** Task subnets with an internet route, with the route that provides it. */
  internetSubnets: Array<{ subnetId: string; routeTableId: string; via: string }>;
  /**
   * Task subnets whose default route looks like a way out but is not one that can be counted on: a NAT gateway
   * without an internet gateway behind it (`broken-nat`, an error), or a transit gateway, VGW or peering
   * (`unknown-egress`, a warning). These subnets stay in `privateSubnetIds`.
   */
  egressConcerns: Array<{
    subnetId: string;
    routeTableId: string;
    kind: 'broken-nat' | 'unknown-egress';
    via: string;
    reason: string;
    resource: string;
  }>;
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
  /** Secrets and parameters the containers read: they exist, and their KMS keys can be used. */
  secrets: CheckStep[];
  /** Why recent tasks stopped, mapped to the checks; shown first. */
  stops: StopReport[];
  /** Set when the stopped tasks could not be read (an optional permission). */
  stopsFailure?: ApiFailure;
  /** Every step that could not be decided; non-empty means the run is incomplete. */
  undecided: UndecidedItem[];
  /** The same problems as flat findings (file and range null, resource = AWS id), sorted. */
  findings: Finding[];
}
