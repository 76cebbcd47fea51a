/**
 * The pickers of "Verify Private ECR Access": AWS profile, region, and target (an ECS cluster and service, or a VPC
 * with its subnets and security groups). Last choices are remembered per workspace.
 */
import * as vscode from 'vscode';
import type { LiveCheckRequest } from '../../core/live/target';
import type { AwsProfileSummary } from '../../aws/profiles';
import type { SdkAwsNetworkReader } from '../../aws/reader';

/** Keys of the workspace state that remember the last choices. */
export const lastChoiceKeys = {
  profile: 'privateEcr.verify.lastProfile',
  region: 'privateEcr.verify.lastRegion',
  target: 'privateEcr.verify.lastTarget',
} as const;

/** Marks "use the SDK's default credential chain" in the remembered profile (null is "never chosen"). */
const defaultChainMarker = '(default chain)';

/** Commercial regions offered in the picker; any other name can be typed. */
const knownRegions = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'ap-east-1',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'sa-east-1',
];

function profileDescription(profile: AwsProfileSummary): string {
  const kind =
    profile.kind === 'sso'
      ? 'SSO'
      : profile.kind === 'assume-role'
        ? vscode.l10n.t('assume role')
        : profile.kind === 'static'
          ? vscode.l10n.t('access key')
          : profile.kind;
  return [kind, profile.region, profile.ssoHint].filter(Boolean).join(' · ');
}

/** Asks for the profile; resolves null for the default chain, undefined when the user cancels. */
export async function pickProfile(
  state: vscode.Memento,
  profiles: AwsProfileSummary[],
): Promise<{ profile: string | null; region: string | null } | undefined> {
  const last = state.get<string>(lastChoiceKeys.profile);
  type Item = vscode.QuickPickItem & { profile: AwsProfileSummary | null };
  const items: Item[] = [
    {
      label: vscode.l10n.t('Default credential chain'),
      description: vscode.l10n.t('environment variables, AWS_PROFILE, SSO, ~/.aws files, instance role'),
      profile: null,
    },
    ...profiles.map((profile) => ({ label: profile.name, description: profileDescription(profile), profile })),
  ];
  const lastIndex = items.findIndex((item) => (item.profile?.name ?? defaultChainMarker) === last);
  if (lastIndex > 0) items.unshift(...items.splice(lastIndex, 1));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Verify Private ECR Access: AWS profile'),
    placeHolder:
      profiles.length === 0
        ? vscode.l10n.t('No profiles in ~/.aws/config or ~/.aws/credentials')
        : vscode.l10n.t('Pick the profile to read the account with'),
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  await state.update(lastChoiceKeys.profile, picked.profile?.name ?? defaultChainMarker);
  return { profile: picked.profile?.name ?? null, region: picked.profile?.region ?? null };
}

/** Remembers a region a check completed in (a mistyped or wrong region is never offered again). */
export async function rememberRegion(state: vscode.Memento, region: string): Promise<void> {
  await state.update(lastChoiceKeys.region, region);
}

/**
 * Asks for the region: the profile's own region first, then the last region a check completed in,
 * then AWS_REGION; undefined when cancelled. Nothing is remembered here (see `rememberRegion`).
 */
export async function pickRegion(state: vscode.Memento, profileRegion: string | null): Promise<string | undefined> {
  const last = state.get<string>(lastChoiceKeys.region);
  const first = [...new Set([profileRegion, last, process.env.AWS_REGION].filter((region): region is string => !!region))];
  const otherItem: vscode.QuickPickItem = { label: vscode.l10n.t('Other region…'), description: vscode.l10n.t('type a region name') };
  const items: vscode.QuickPickItem[] = [
    ...first.map((region) => ({
      label: region,
      description:
        region === profileRegion ? vscode.l10n.t("the profile's region") : region === last ? vscode.l10n.t('last used') : 'AWS_REGION',
    })),
    ...knownRegions.filter((region) => !first.includes(region)).map((region) => ({ label: region })),
    otherItem,
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Verify Private ECR Access: region'),
    placeHolder: vscode.l10n.t('The region of the ECS service or VPC'),
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  let region = picked.label;
  if (picked === otherItem) {
    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('Verify Private ECR Access: region'),
      prompt: vscode.l10n.t('Region name, e.g. ap-northeast-1'),
      ignoreFocusOut: true,
      validateInput: (value) =>
        /^[a-z]{2}(-[a-z]+)+-\d+$/.test(value.trim())
          ? undefined
          : vscode.l10n.t('Not a region name (expected something like ap-northeast-1)'),
    });
    if (!typed) return undefined;
    region = typed.trim();
  }
  return region;
}

function lastPart(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** Asks for an ECS cluster and service, or a VPC with subnets and security groups; undefined when cancelled. */
export async function pickTarget(reader: SdkAwsNetworkReader, state: vscode.Memento): Promise<LiveCheckRequest | undefined> {
  const last = state.get<LiveCheckRequest>(lastChoiceKeys.target);
  type ClusterItem = vscode.QuickPickItem & { cluster: string | null };
  const clusterItems = reader.listClusters().then((arns): ClusterItem[] => {
    const items: ClusterItem[] = arns.map((arn) => ({
      label: lastPart(arn),
      description: vscode.l10n.t('ECS cluster'),
      cluster: lastPart(arn),
    }));
    if (last?.kind === 'service') {
      const index = items.findIndex((item) => item.cluster === last.cluster);
      if (index > 0) items.unshift(...items.splice(index, 1));
    }
    items.push({
      label: vscode.l10n.t('A VPC (no service yet)'),
      description: vscode.l10n.t('check the subnets and security groups tasks would use'),
      cluster: null,
    });
    return items;
  });
  const cluster = await vscode.window.showQuickPick(clusterItems, {
    title: vscode.l10n.t('Verify Private ECR Access: what to check'),
    placeHolder: vscode.l10n.t('An ECS cluster, or a VPC without a service'),
    ignoreFocusOut: true,
  });
  if (!cluster) return undefined;
  let request: LiveCheckRequest | undefined;
  if (cluster.cluster) request = await pickService(reader, cluster.cluster, last);
  else request = await pickVpc(reader, last);
  if (request) await state.update(lastChoiceKeys.target, request);
  return request;
}

async function pickService(
  reader: SdkAwsNetworkReader,
  cluster: string,
  last: LiveCheckRequest | undefined,
): Promise<LiveCheckRequest | undefined> {
  const services = reader.listServices(cluster).then((arns) => {
    if (arns.length === 0)
      throw new Error(
        vscode.l10n.t('Cluster {0} has no services. Choose "{1}" instead.', cluster, vscode.l10n.t('A VPC (no service yet)')),
      );
    const items = arns.map((arn) => ({ label: lastPart(arn), description: cluster }));
    const index = last?.kind === 'service' && last.cluster === cluster ? items.findIndex((item) => item.label === last.service) : -1;
    if (index > 0) items.unshift(...items.splice(index, 1));
    return items;
  });
  const picked = await vscode.window.showQuickPick(services, {
    title: vscode.l10n.t('Verify Private ECR Access: service in {0}', cluster),
    ignoreFocusOut: true,
  });
  return picked ? { kind: 'service', cluster, service: picked.label } : undefined;
}

async function pickVpc(reader: SdkAwsNetworkReader, last: LiveCheckRequest | undefined): Promise<LiveCheckRequest | undefined> {
  const vpcs = reader.listVpcs().then((found) => {
    if (found.length === 0) throw new Error(vscode.l10n.t('There are no VPCs in this region.'));
    const items = found.map((vpc) => ({
      label: vpc.vpcId,
      description: [vpc.name, vpc.cidrBlocks.join(', '), vpc.isDefault ? vscode.l10n.t('default VPC') : null].filter(Boolean).join(' · '),
      vpcId: vpc.vpcId,
    }));
    const index = last?.kind === 'vpc' ? items.findIndex((item) => item.vpcId === last.vpcId) : -1;
    if (index > 0) items.unshift(...items.splice(index, 1));
    return items;
  });
  const vpc = await vscode.window.showQuickPick(vpcs, { title: vscode.l10n.t('Verify Private ECR Access: VPC'), ignoreFocusOut: true });
  if (!vpc) return undefined;
  const remembered = last?.kind === 'vpc' && last.vpcId === vpc.vpcId ? last : undefined;
  const subnetItems: Thenable<vscode.QuickPickItem[]> = reader.listSubnets(vpc.vpcId).then((found) =>
    found.map((subnet) => ({
      label: subnet.subnetId,
      description: [subnet.cidrBlock, subnet.availabilityZone, subnet.mapPublicIpOnLaunch ? vscode.l10n.t('public IPs on launch') : null]
        .filter(Boolean)
        .join(' · '),
      picked: remembered?.subnetIds?.includes(subnet.subnetId) ?? false,
    })),
  );
  const subnets = await vscode.window.showQuickPick(subnetItems, {
    title: vscode.l10n.t('Verify Private ECR Access: task subnets (none picked = the private subnets of the VPC)'),
    canPickMany: true,
    ignoreFocusOut: true,
  });
  if (!subnets) return undefined;
  const groupItems: Thenable<vscode.QuickPickItem[]> = reader.listSecurityGroups(vpc.vpcId).then((found) =>
    found.map((group) => ({
      label: group.groupId,
      description: group.groupName,
      picked: remembered?.securityGroupIds?.includes(group.groupId) ?? false,
    })),
  );
  const groups = await vscode.window.showQuickPick(groupItems, {
    title: vscode.l10n.t('Verify Private ECR Access: task security groups (none picked = the VPC default group)'),
    canPickMany: true,
    ignoreFocusOut: true,
  });
  if (!groups) return undefined;
  return {
    kind: 'vpc',
    vpcId: vpc.vpcId,
    subnetIds: subnets.length > 0 ? subnets.map((item) => item.label) : undefined,
    securityGroupIds: groups.length > 0 ? groups.map((item) => item.label) : undefined,
  };
}
