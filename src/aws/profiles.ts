/** AWS profiles and regions from the shared config and credentials files (SSO profiles included). */
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';

/** How a profile gets its credentials, for the profile picker. */
export type ProfileKind = 'sso' | 'assume-role' | 'static' | 'process' | 'web-identity' | 'other';

/** One profile of ~/.aws/config or ~/.aws/credentials. */
export interface AwsProfileSummary {
  name: string;
  kind: ProfileKind;
  region: string | null;
  /** The SSO start URL or session name, for the picker's description. */
  ssoHint: string | null;
}

/** A setting the check cannot run without is missing or wrong (no region, unknown profile). */
export class AwsSetupError extends Error {
  override readonly name = 'AwsSetupError';
}

function kindOf(section: Record<string, string | undefined>): ProfileKind {
  if (section.sso_session || section.sso_start_url || section.sso_account_id) return 'sso';
  if (section.role_arn && section.web_identity_token_file) return 'web-identity';
  if (section.role_arn) return 'assume-role';
  if (section.aws_access_key_id) return 'static';
  if (section.credential_process) return 'process';
  return 'other';
}

/** Lists the profiles of the shared files, sorted by name; `default` first. Files that do not exist give none. */
export async function listAwsProfiles(): Promise<AwsProfileSummary[]> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true });
  const names = new Set<string>();
  // Keys with a dot are sso-session.* and services.* sections, not profiles.
  for (const name of Object.keys(configFile)) if (!name.includes('.')) names.add(name);
  for (const name of Object.keys(credentialsFile)) names.add(name);
  const profiles = [...names].map((name): AwsProfileSummary => {
    const section = { ...(credentialsFile[name] ?? {}), ...(configFile[name] ?? {}) } as Record<string, string | undefined>;
    return {
      name,
      kind: kindOf(section),
      region: section.region ?? null,
      ssoHint: section.sso_session ? `SSO session ${section.sso_session}` : (section.sso_start_url ?? null),
    };
  });
  return profiles.sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name)));
}

/** Throws `AwsSetupError` naming the known profiles when `profile` is in neither shared file. */
export async function assertProfileExists(profile: string): Promise<AwsProfileSummary> {
  const profiles = await listAwsProfiles();
  const found = profiles.find((candidate) => candidate.name === profile);
  if (!found) {
    const known = profiles.map((candidate) => candidate.name);
    throw new AwsSetupError(
      `AWS profile "${profile}" was not found in ${process.env.AWS_CONFIG_FILE ?? '~/.aws/config'} or ${process.env.AWS_SHARED_CREDENTIALS_FILE ?? '~/.aws/credentials'}. ${known.length > 0 ? `Known profiles: ${known.join(', ')}.` : 'No profiles are configured (run aws configure or aws configure sso).'}`,
    );
  }
  return found;
}

/**
 * The region to use: the explicit one, else AWS_REGION / AWS_DEFAULT_REGION, else the profile's (or default
 * profile's) `region`. Throws `AwsSetupError` when none is set.
 */
export async function resolveRegion(explicitRegion: string | null | undefined, profile: string | null | undefined): Promise<string> {
  const region =
    explicitRegion?.trim() || process.env.AWS_REGION?.trim() || process.env.AWS_DEFAULT_REGION?.trim() || (await profileRegion(profile));
  if (!region) {
    throw new AwsSetupError(
      'No AWS region is set. Pass --region (e.g. --region ap-northeast-1), set AWS_REGION, or add region to the profile.',
    );
  }
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    throw new AwsSetupError(`"${region}" is not an AWS region name (expected something like ap-northeast-1).`);
  }
  return region;
}

async function profileRegion(profile: string | null | undefined): Promise<string | null> {
  const name = profile || process.env.AWS_PROFILE || 'default';
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true });
  return configFile[name]?.region ?? credentialsFile[name]?.region ?? null;
}
