/**
 * image-registry: tasks without NAT can pull only from Amazon ECR in the VPC's own region through
 * the VPC endpoints. Docker Hub, ghcr.io, quay.io, public.ecr.aws and other public registries cannot
 * be reached; ECR in another region or account, and pull-through-cache repositories, need more.
 */
import { classifyImage, ecrRepositoryArn, type ImageRegistryKind } from '../aws-semantics/images';
import { findAttribute, type Configuration, type ResourceInstance } from '../model/config';
import { Scope } from '../model/evaluator';
import { asList, asString, type Value } from '../model/values';
import type { Workload } from '../model/workloads';
import { describe, endpointInVpc, privateWorkloads, workloadVpc } from './helpers';
import { defineRule, type RuleContext } from './types';
import { isUnprintable, messageText } from './value-text';
import { describeValue } from './undecided';

/** What the checker knows about a container's image. */
export interface ImageFacts {
  /** The image as written, for messages (`nginx:1.27`, or a pattern with `*` for unknown parts). */
  display: string;
  /** Whether the image is in private Amazon ECR. */
  ecr: 'yes' | 'no' | 'maybe';
  /** The registry kind when the registry host is known. */
  kind?: ImageRegistryKind;
  registryHost?: string;
  account?: string;
  region?: string;
  repository?: string;
  /** `arn:aws:ecr:<region>:<account>:repository/<name>` when all parts are known. */
  repositoryArn?: string;
}

const ECR_HOST_PATTERN = /^(\d{12}|\*)\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+|\*)\.amazonaws\.com(?:\.cn)?$/;

/** Classifies an image value: a literal, a template with unknown parts, or a reference to an `aws_ecr_repository`. Undefined when there is no image. */
export function classifyImageValue(value: Value | undefined): ImageFacts | undefined {
  if (!value || value.kind === 'null') return undefined;
  if (value.kind === 'string') {
    // An empty image (a variable whose default is "") is a placeholder, not a Docker Hub image.
    if (isPlaceholderImage(value.value)) return { display: value.value.trim() === '' ? 'an empty image' : value.value, ecr: 'maybe' };
    return factsOf(value.value, value.value, false);
  }
  if (value.kind === 'ref') {
    const target = value.target;
    if (target.type === 'aws_ecr_repository' && value.attribute === 'repository_url') {
      return { display: `${target.fullAddress}.repository_url`, ecr: 'yes', repository: asString(target.attr('name')) };
    }
    return { display: `${target.fullAddress}.${value.attribute}`, ecr: 'maybe' };
  }
  const leadingRef = value.kind === 'unknown' && value.pattern?.startsWith('*') ? value.refs?.[0] : undefined;
  if (leadingRef && leadingRef.target.type === 'aws_ecr_repository' && leadingRef.attribute === 'repository_url') {
    // `"${aws_ecr_repository.app.repository_url}:1.4.2"`
    return {
      display: `${leadingRef.target.fullAddress}.repository_url${value.kind === 'unknown' ? value.pattern!.slice(1) : ''}`,
      ecr: 'yes',
      repository: asString(leadingRef.target.attr('name')),
    };
  }
  if (value.kind === 'unknown' && value.pattern !== undefined) {
    const pattern = value.pattern;
    const slash = pattern.indexOf('/');
    const host = slash >= 0 ? pattern.slice(0, slash) : '';
    if (slash > 0 && !host.includes('*'))
      return factsOf(pattern.replace(/\*/g, 'x'), pattern, pathRepositoryHasWildcard(pattern.slice(slash + 1)));
    const ecrHost = ECR_HOST_PATTERN.exec(host);
    if (ecrHost) {
      const repositoryText = stripTag(pattern.slice(slash + 1));
      return {
        display: pattern,
        ecr: 'yes',
        kind: 'ecr-private',
        account: ecrHost[1] === '*' ? undefined : ecrHost[1],
        region: ecrHost[2] === '*' ? undefined : ecrHost[2],
        repository: repositoryText.includes('*') ? undefined : repositoryText,
      };
    }
    if (slash < 0) {
      // `nginx:${var.tag}`: a Docker Hub image whose tag is unknown.
      const nameEnd = pattern.search(/[:@]/);
      const name = nameEnd < 0 ? pattern : pattern.slice(0, nameEnd);
      if (name !== '' && !name.includes('*') && !/[.:]/.test(name)) return factsOf(pattern.replace(/\*/g, 'x'), pattern, false);
    }
  }
  return { display: value.kind === 'unknown' ? (value.pattern ?? 'an image not known here') : 'an image not known here', ecr: 'maybe' };
}

/** True for an image text that names no repository: empty, blank, or only a tag or digest (`:latest`). */
export function isPlaceholderImage(text: string): boolean {
  const trimmed = text.trim();
  return trimmed === '' || /^[:@]/.test(trimmed) || trimmed.endsWith('/');
}

function stripTag(path: string): string {
  return path.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
}

function pathRepositoryHasWildcard(path: string): boolean {
  return stripTag(path).includes('*');
}

function factsOf(image: string, display: string, repositoryUnknown: boolean): ImageFacts {
  const reference = classifyImage(image);
  const facts: ImageFacts = {
    display,
    ecr: reference.kind === 'ecr-private' ? 'yes' : 'no',
    kind: reference.kind,
    registryHost: reference.registryHost,
  };
  if (reference.kind === 'ecr-private') {
    facts.account = reference.account ?? undefined;
    facts.region = reference.region ?? undefined;
    if (!repositoryUnknown) {
      facts.repository = reference.repository ?? undefined;
      facts.repositoryArn = ecrRepositoryArn(reference) ?? undefined;
    }
  }
  return facts;
}

/** The region of an endpoint service name value (`com.amazonaws.eu-west-1.ecr.dkr`), when known. */
export function regionOfServiceName(value: Value): string | undefined {
  const text = asString(value);
  const m = text === undefined ? undefined : /^(?:cn\.)?com\.amazonaws\.([a-z0-9-]+)\./.exec(text);
  return m ? m[1] : undefined;
}

/** The default AWS provider of the root module: its region, and the account it is pinned to, when written. */
function rootProviderValue(
  configuration: Configuration,
  read: (block: import('../hcl/ast').Block, scope: Scope) => string | undefined,
): string | undefined {
  const root = configuration.root;
  for (const { block } of root.topBlocks('provider')) {
    if (block.labels[0] !== 'aws' || findAttribute(block, 'alias')) continue;
    const found = read(block, Scope.of(root));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The region the configuration deploys to: the root's default aws provider, else a root `region`/`aws_region` variable. */
export function configurationRegion(configuration: Configuration): string | undefined {
  const fromProvider = rootProviderValue(configuration, (block, scope) => {
    const attribute = findAttribute(block, 'region');
    return attribute ? asString(configuration.evaluator.evaluate(attribute.expr, scope)) : undefined;
  });
  if (fromProvider) return fromProvider;
  for (const name of ['region', 'aws_region']) {
    if (!configuration.root.variableNames().includes(name)) continue;
    const value = asString(configuration.root.variableValue(name));
    if (value && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(value)) return value;
  }
  return undefined;
}

/** The account the configuration deploys to, when it says so (provider `allowed_account_ids`, `assume_role`, or a root `account_id` variable). */
export function configurationAccount(configuration: Configuration): string | undefined {
  const fromProvider = rootProviderValue(configuration, (block, scope) => {
    const allowed = findAttribute(block, 'allowed_account_ids');
    if (allowed) {
      const items = asList(configuration.evaluator.evaluate(allowed.expr, scope));
      if (items && items.length === 1) return asString(items[0]);
    }
    for (const item of block.body.items) {
      if (item.kind !== 'block' || item.type !== 'assume_role') continue;
      const roleArn = findAttribute(item, 'role_arn');
      const arn = roleArn ? asString(configuration.evaluator.evaluate(roleArn.expr, scope)) : undefined;
      const m = arn ? /^arn:[^:]+:iam::(\d{12}):/.exec(arn) : null;
      if (m) return m[1];
    }
    return undefined;
  });
  if (fromProvider) return fromProvider;
  for (const name of ['account_id', 'aws_account_id']) {
    if (!configuration.root.variableNames().includes(name)) continue;
    const value = asString(configuration.root.variableValue(name));
    if (value && /^\d{12}$/.test(value)) return value;
  }
  return undefined;
}

/** The region of a workload's VPC: from the service names of the endpoints in it, else the configuration's region. */
export function workloadRegion(context: RuleContext, workload: Workload): string | undefined {
  const vpc = workloadVpc(context, workload);
  for (const endpoint of context.network.endpoints) {
    if (vpc && endpointInVpc(context, endpoint, vpc) !== 'yes') continue;
    const region = regionOfServiceName(endpoint.serviceName);
    if (region) return region;
  }
  return configurationRegion(context.configuration);
}

const PUBLIC_REGISTRY_NAMES: Record<string, string> = {
  'docker.io': 'Docker Hub',
  'index.docker.io': 'Docker Hub',
  'registry-1.docker.io': 'Docker Hub',
  'public.ecr.aws': 'Amazon ECR Public',
  'ghcr.io': 'GitHub Container Registry',
  'quay.io': 'Quay',
  'gcr.io': 'Google Container Registry',
  'registry.k8s.io': 'the Kubernetes registry',
  'mcr.microsoft.com': 'Microsoft Container Registry',
};

/** The pull-through cache rule whose prefix covers a repository, if any (`ROOT` covers them all). */
function pullThroughRule(rules: ResourceInstance[], repository: string): { rule: ResourceInstance; prefix: string } | undefined {
  for (const rule of rules) {
    if (!rule.certain) continue;
    const prefix = asString(rule.attr('ecr_repository_prefix'));
    if (prefix === undefined) continue;
    if (prefix === 'ROOT' || repository === prefix || repository.startsWith(`${prefix}/`)) return { rule, prefix };
  }
  return undefined;
}

/** The rule. */
export const imageRegistry = defineRule({
  meta: {
    id: 'image-registry',
    title: 'Image registry reachable without NAT',
    description:
      'Tasks in private subnets without NAT reach only Amazon ECR in the VPC\u2019s own region, through its VPC endpoints. Images from Docker Hub, ghcr.io, quay.io, public.ecr.aws and other public registries cannot be pulled; ECR in another region or account, and pull-through-cache repositories (first pull), need more.',
    defaultSeverity: 'error',
    fixable: false,
    messages: {
      publicRegistry:
        'Container "{{container}}" pulls from {{registry}} without NAT. ' +
        'Container "{{container}}" of {{taskDefinition}} uses {{image}} from {{registry}}, but {{service}} runs in private subnets without NAT: VPC endpoints only reach Amazon ECR, so the pull fails with "CannotPullContainerError ... i/o timeout". Copy the image into a private ECR repository in {{region}} and use that image.',
      otherRegistry:
        'Container "{{container}}" pulls from {{registry}}, outside ECR. ' +
        'Container "{{container}}" of {{taskDefinition}} uses {{image}} from {{registry}}, which {{service}} can reach only if that registry is inside the VPC or privately connected: the tasks run without NAT. Make sure it is reachable, or copy the image into private ECR.',
      otherRegion:
        'Container "{{container}}" pulls from ECR in {{imageRegion}}. ' +
        'Container "{{container}}" of {{taskDefinition}} pulls {{image}} from ECR in {{imageRegion}}, but the tasks of {{service}} run in {{region}} without NAT: the VPC endpoints serve {{region}} only. Replicate the repository to {{region}} (ECR replication) and use that image, or give the tasks a path to {{imageRegion}}.',
      otherAccount:
        'Container "{{container}}" pulls from ECR account {{imageAccount}}. ' +
        'Container "{{container}}" of {{taskDefinition}} pulls {{image}} from account {{imageAccount}}, not {{account}}: the repository needs a repository policy that lets the task execution role pull (ecr:BatchGetImage, ecr:GetDownloadUrlForLayer, ecr:BatchCheckLayerAvailability), and the role needs those actions on it.',
      placeholderImage:
        'Container "{{container}}" has a placeholder image. ' +
        'Container "{{container}}" of {{taskDefinition}} has {{image}} here, a placeholder filled in at deploy time: which registry {{service}} pulls from cannot be checked. Make sure the image that is deployed is in private ECR in {{region}}.',
      imageUnknown:
        'Registry of container "{{container}}" not decided. ' +
        'Container "{{container}}" of {{taskDefinition}} has an image {{image}}: whether {{service}}, which runs without NAT, can pull it cannot be checked here. Make sure the image that is deployed is in private ECR in {{region}}.',
      pullThroughCache:
        'Container "{{container}}" pulls through a pull-through cache. ' +
        'Container "{{container}}" of {{taskDefinition}} pulls {{image}}, a pull-through-cache repository (rule {{rule}}, prefix "{{prefix}}"): the first pull of each image needs NAT from the VPC, which {{service}} does not have. Pull each image once from a network with NAT, or copy it into a regular ECR repository.',
    },
  },
  check(context) {
    const cacheRules = context.configuration.resourcesOfType('aws_ecr_pull_through_cache_rule');
    const account = configurationAccount(context.configuration);
    const configured = configurationRegion(context.configuration);
    const reported = new Set<string>();
    for (const workload of privateWorkloads(context)) {
      const taskDefinition = workload.taskDefinition;
      const containers = taskDefinition?.containers;
      if (!taskDefinition || !containers || !taskDefinition.resource.certain) continue;
      const region = workloadRegion(context, workload);
      containers.forEach((container, index) => {
        const facts = classifyImageValue(container.image);
        if (!facts) return;
        // An image read from a file or marked sensitive is named by its origin, never printed.
        const hidden = isUnprintable(container.image);
        const base = {
          container: container.name ?? `#${index + 1}`,
          taskDefinition: taskDefinition.resource.fullAddress,
          image: messageText(container.image, facts.display, 'image'),
          service: describe(workload.service),
          region: region ?? 'the VPC\u2019s region',
        };
        const report = (
          messageId: Parameters<typeof context.report>[0]['messageId'],
          data: Record<string, string>,
          severity: 'error' | 'warning' | 'info',
        ) => {
          const key = `${taskDefinition.resource.fullAddress}|${index}|${messageId}`;
          if (reported.has(key)) return;
          reported.add(key);
          context.report({
            messageId,
            data: { ...base, ...data },
            location: taskDefinition.containerFieldLocation(index, 'image'),
            resource: taskDefinition.resource,
            related: [
              {
                location: workload.service.location,
                message: `${describe(workload.service)} runs these tasks in private subnets without NAT`,
              },
            ],
            severity,
          });
        };
        if (facts.ecr === 'maybe') {
          const image = container.image;
          if (image?.kind === 'string' && isPlaceholderImage(image.value))
            report(
              'placeholderImage',
              { image: image.value.trim() === '' ? 'an empty image' : messageText(image, `the image "${image.value}"`, 'image') },
              'info',
            );
          // An image not known here (a variable, a registry host from elsewhere): which registry it is cannot be checked.
          else if (image && image.kind !== 'null')
            report(
              'imageUnknown',
              {
                image: messageText(
                  image,
                  image.kind === 'unknown' && !image.pattern ? describeValue(image) : `${facts.display}, whose registry is not known here`,
                  'image',
                ),
              },
              'info',
            );
          return;
        }
        if (facts.ecr === 'no') {
          const host = facts.registryHost ?? 'docker.io';
          const publicName = PUBLIC_REGISTRY_NAMES[host];
          if (publicName || facts.kind === 'docker-hub' || facts.kind === 'ecr-public' || facts.kind === 'public-registry') {
            report('publicRegistry', { registry: publicName ?? host }, 'error');
          } else report('otherRegistry', { registry: hidden ? 'a registry outside AWS' : host }, 'warning');
          return;
        }
        if (facts.region && region && facts.region !== region)
          report('otherRegion', { imageRegion: hidden ? 'another region' : facts.region }, 'warning');
        if (facts.account && account && facts.account !== account)
          report('otherAccount', { imageAccount: hidden ? 'another account' : facts.account, account }, 'warning');
        const sameRegistry =
          (!facts.region || !configured || facts.region === configured) && (!facts.account || !account || facts.account === account);
        if (facts.repository && sameRegistry) {
          const match = pullThroughRule(cacheRules, facts.repository);
          if (match) report('pullThroughCache', { rule: match.rule.fullAddress, prefix: match.prefix }, 'warning');
        }
      });
    }
  },
});
