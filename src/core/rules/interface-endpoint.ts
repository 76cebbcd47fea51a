/**
 * The check shared by the rules that require an interface endpoint for a service (ecr.dkr,
 * ecr.api, logs, secretsmanager, ssm, ssmmessages, ecs-agent...): the endpoint must exist in the
 * tasks' VPC and be of type Interface.
 */
import type { Fix } from '../findings';
import { addInterfaceEndpointFix } from './endpoint-fixes';
import { declaration, insertAttribute, replaceRange } from '../fixes/edits';
import type { TemplateId } from '../fixes/templates';
import { classifyImage } from '../aws-semantics/images';
import { shortServiceName, type Endpoint } from '../model/network';
import { asString } from '../model/values';
import type { Workload } from '../model/workloads';
import { isPlaceholderImage } from './image-registry';
import { describe, endpointsForService } from './helpers';
import { privateWorkloads } from './helpers';
import type { Rule, RuleContext, RuleMeta } from './types';
import type { SourceLocation } from '../model/body';
import { describeValue, nameValue } from './undecided';

/** What one interface endpoint requirement says. */
export interface InterfaceEndpointSpec {
  service: string;
  templateId: TemplateId;
  /** Title of the "add" fix, e.g. "Add ECR DKR endpoint". */
  fixTitle: string;
  /** Base name for the new resource, e.g. `ecr_dkr`. */
  baseName: string;
  /** Why the tasks need it, for the message (e.g. "to pull image manifests"). */
  why: string;
  /**
   * Set when whether the tasks need the endpoint is not known (a log driver or a secret source not
   * known here): with the endpoint in place nothing is said; without it, one info at this value.
   */
  undecided?: { reason: string; location: SourceLocation };
}

/** Message templates the interface-endpoint rules share. */
export const INTERFACE_ENDPOINT_MESSAGES = {
  missing:
    'No {{endpoint}} endpoint for {{service}}. ' +
    'It runs in private subnets without a NAT route, but the VPC has no interface endpoint for "{{endpoint}}" ({{why}}), so the call goes to the public address and the task fails with "dial tcp <public ip>:443: i/o timeout". Add an aws_vpc_endpoint with service_name "com.amazonaws.<region>.{{endpoint}}", vpc_endpoint_type = "Interface" and private_dns_enabled = true.',
  undecided:
    '{{endpoint}} endpoint of {{service}} not decided. ' +
    'Whether the tasks of {{service}} need or have an interface endpoint for "{{endpoint}}" ({{why}}) is not known here: {{reason}}. Endpoints missing there fail the task start with "dial tcp <public ip>:443: i/o timeout"; run "Private ECR: Verify Private ECR Access" against the live VPC.',
  wrongType:
    '{{address}} must be an Interface endpoint. ' +
    'It serves "{{endpoint}}" but its type is {{type}}{{implicit}}; "{{endpoint}}" is only offered as an Interface endpoint, so the tasks get no private address for it ("dial tcp <public ip>:443: i/o timeout"). Set vpc_endpoint_type = "Interface".',
};

/** The message ids of the interface-endpoint rules. */
export type InterfaceEndpointMessageId = keyof typeof INTERFACE_ENDPOINT_MESSAGES;

/**
 * True unless every container image is known and none is in private ECR (Docker Hub, public.ecr.aws,
 * ghcr.io...): then the ECR and S3 endpoints would not help, and image-registry reports the images.
 * Unknown images (`${aws_ecr_repository.app.repository_url}:${var.tag}`) count as ECR, as in the live check.
 */
export function pullsFromPrivateEcr(workload: Workload): boolean {
  const containers = workload.taskDefinition?.containers;
  if (!containers || containers.length === 0) return true;
  return containers.some((container) => {
    const image = container.image === undefined ? undefined : asString(container.image);
    return image === undefined || isPlaceholderImage(image) || classifyImage(image).kind === 'ecr-private';
  });
}

/** Services that are (also) offered as Gateway endpoints, which a shared block may rightly keep as Gateway. */
const GATEWAY_SERVICES = new Set(['s3', 's3express', 'dynamodb']);

/**
 * True when editing the endpoint's block turns only interface services into Interface endpoints.
 * A `for_each`/`count` block is shared by all its instances: changing `vpc_endpoint_type` there
 * would also change a sibling that must stay a Gateway (an S3 entry of the same map), or one
 * whose service the checker cannot see.
 */
export function blockEditIsSafe(context: RuleContext, endpoint: Endpoint): boolean {
  if (endpoint.resource.key === undefined) return true;
  const siblings = context.network.endpoints.filter(
    (e) => e.resource.block === endpoint.resource.block && e.resource.module === endpoint.resource.module,
  );
  return siblings.every((sibling) => {
    const name = asString(sibling.serviceName);
    const service = name === undefined ? undefined : shortServiceName(name);
    return service !== undefined && !GATEWAY_SERVICES.has(service);
  });
}

/** Reports a missing or mistyped interface endpoint for one workload. */
export function checkInterfaceEndpoint(
  context: RuleContext<InterfaceEndpointMessageId>,
  workload: Workload,
  spec: InterfaceEndpointSpec,
  reportedTypes: Set<unknown>,
): void {
  const { found, unsure } = endpointsForService(context, workload, spec.service);
  if (found.length === 0 && (unsure.length > 0 || spec.undecided)) {
    // The endpoint may be there (an endpoint the checker cannot place), or the need is not known.
    const endpoint = unsure[0];
    const reason = endpoint
      ? `${endpoint.resource.fullAddress} might be it, but ${endpointDoubt(context, endpoint)}`
      : spec.undecided!.reason;
    const key = `undecided|${workload.service.fullAddress}|${spec.service}`;
    if (reportedTypes.has(key)) return;
    reportedTypes.add(key);
    context.report({
      messageId: 'undecided',
      data: { service: describe(workload.service), endpoint: spec.service, reason, why: spec.why },
      location: endpoint ? doubtLocation(endpoint) : spec.undecided!.location,
      resource: endpoint ? endpoint.resource : workload.service,
      related: [{ location: workload.service.location, message: `${describe(workload.service)} runs these tasks` }],
      severity: 'info',
    });
    return;
  }
  if (found.length === 0) {
    const reach = workload.reach;
    const fix = addInterfaceEndpointFix(context, workload, spec.templateId, spec.fixTitle, spec.baseName);
    context.report({
      messageId: 'missing',
      data: { service: describe(workload.service), endpoint: spec.service, why: spec.why },
      location: workload.service.location,
      resource: workload.service,
      related:
        reach.kind === 'private'
          ? reach.subnets.slice(0, 3).map((s) => ({ location: s.location, message: `task subnet ${s.fullAddress}` }))
          : [],
      fixes: fix ? [fix] : undefined,
    });
    return;
  }
  if (found.some((e) => e.type === 'Interface' || e.type === undefined)) return;
  for (const endpoint of found) {
    if (reportedTypes.has(endpoint)) continue;
    reportedTypes.add(endpoint);
    const explicit = endpoint.resource.has('vpc_endpoint_type');
    const fixes: Fix[] = [];
    const decl = declaration(endpoint.resource);
    if (decl && blockEditIsSafe(context, endpoint)) {
      const attribute = endpoint.resource.attribute('vpc_endpoint_type');
      const edit = attribute
        ? replaceRange(decl.file.path, attribute.expr.range, '"Interface"')
        : insertAttribute(decl.file, decl.block, 'vpc_endpoint_type = "Interface"');
      fixes.push({ title: 'Set vpc_endpoint_type to Interface', edits: [edit], isPreferred: true });
    }
    context.report({
      messageId: 'wrongType',
      data: {
        address: endpoint.resource.fullAddress,
        endpoint: spec.service,
        type: endpoint.type ?? 'unknown',
        implicit: explicit ? '' : ' (Terraform\u2019s default when vpc_endpoint_type is not set)',
      },
      location: explicit ? endpoint.location('vpc_endpoint_type') : endpoint.location(),
      resource: endpoint.resource,
      related: [{ location: workload.service.location, message: `needed by ${describe(workload.service)}` }],
      fixes,
    });
  }
}

/** The meta-argument that decides how many instances a block has, when written. */
function expansionOf(endpoint: Endpoint): string | undefined {
  return ['for_each', 'count'].find((name) => endpoint.resource.has(name));
}

/** Where the doubt about an endpoint is written: its for_each/count, service name or VPC. */
export function doubtLocation(endpoint: Endpoint): SourceLocation {
  const expansion = expansionOf(endpoint);
  if (!endpoint.resource.certain && expansion) return endpoint.location(expansion);
  if (endpoint.resource.has('service_name') && endpoint.serviceName.kind !== 'string') return endpoint.location('service_name');
  if (endpoint.resource.has('vpc_id')) return endpoint.location('vpc_id');
  return endpoint.location();
}

/** Why an endpoint might or might not serve a workload: whether it exists, its service name, or its VPC. */
export function endpointDoubt(context: RuleContext, endpoint: Endpoint): string {
  const expansion = expansionOf(endpoint);
  if (!endpoint.resource.certain)
    return expansion ? `its ${expansion} is ${nameValue(context, endpoint.resource, expansion)}` : 'whether it exists is not known here';
  const name = endpoint.serviceName;
  if (
    name.kind !== 'string' &&
    !(name.kind === 'unknown' && name.pattern !== undefined && /^(?:cn\.)?com\.amazonaws\.\*\.([^*]+)$/.test(name.pattern))
  ) {
    return `its service_name is ${endpoint.resource.has('service_name') ? nameValue(context, endpoint.resource, 'service_name') : describeValue(name)}`;
  }
  return `its VPC is ${endpoint.resource.has('vpc_id') ? nameValue(context, endpoint.resource, 'vpc_id') : 'not known here'}`;
}

/**
 * A rule that requires, for each workload in private subnets, the interface endpoints `needs`
 * lists (none when the workload does not need them). The endpoint-presence rules are all this shape.
 */
export function interfaceEndpointRule<const Id extends string>(
  meta: Omit<RuleMeta<Id>, 'fixable' | 'messages'>,
  needs: (workload: Workload, context: RuleContext) => InterfaceEndpointSpec[],
): Rule<Id, InterfaceEndpointMessageId> {
  return {
    meta: { ...meta, fixable: true, messages: INTERFACE_ENDPOINT_MESSAGES },
    check(context) {
      const reported = new Set<unknown>();
      for (const workload of privateWorkloads(context)) {
        for (const spec of needs(workload, context)) checkInterfaceEndpoint(context, workload, spec, reported);
      }
    },
  };
}
