/**
 * Builds SDK clients for one live check (region, profile/SSO credentials, endpoint override, time-outs, retries)
 * and runs the check. Shared by the CLI and the VS Code command.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { IAMClient } from '@aws-sdk/client-iam';
import { ECRClient } from '@aws-sdk/client-ecr';
import { KMSClient } from '@aws-sdk/client-kms';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { runLiveCheck } from '../core/live/check';
import type { LiveCheckResult } from '../core/live/result';
import type { LiveCheckRequest } from '../core/live/target';
import { describeCredentialError } from './errors';
import { assertProfileExists, AwsSetupError, resolveRegion } from './profiles';
import { ApiCallCounter, AwsClients, SdkAwsNetworkReader } from './reader';

/** How to reach AWS. Everything is optional: the SDK's default chain and environment fill the gaps. */
export interface AwsConnectionOptions {
  region?: string | null;
  /** A profile of ~/.aws/config or ~/.aws/credentials (SSO profiles included); null for the default chain. */
  profile?: string | null;
  /** Sends every call to this URL (LocalStack, moto); AWS_ENDPOINT_URL(_EC2/_ECS/_IAM) work without it too. */
  endpointUrl?: string | null;
  /** Fixed credentials instead of the provider chain (tests, or a caller that already has them). */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Attempts per call including retries (default 3). */
  maxAttempts?: number;
  /** Milliseconds to open a connection (default 3000). */
  connectionTimeoutMs?: number;
  /** Milliseconds for one request to answer (default 15000). */
  requestTimeoutMs?: number;
}

/** Ready-to-use clients with the region and the settings they were built from. */
export interface AwsSession {
  clients: AwsClients;
  region: string;
  profile: string | null;
  endpointUrl: string | null;
}

function validateEndpointUrl(endpointUrl: string): string {
  let url: URL;
  try {
    url = new URL(endpointUrl);
  } catch {
    throw new AwsSetupError(`--endpoint-url "${endpointUrl}" is not a URL (expected e.g. http://localhost:4566).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AwsSetupError(`--endpoint-url "${endpointUrl}" must start with http:// or https://.`);
  }
  return endpointUrl.replace(/\/+$/, '');
}

/**
 * Checks, before any region is known, that the profile exists and its credentials resolve (a missing
 * login or an expired SSO token is an `AwsSetupError`), so the editor asks for a region only then.
 */
export async function checkAwsCredentials(profileName: string | null): Promise<void> {
  const profile = profileName?.trim() || null;
  if (profile) await assertProfileExists(profile);
  try {
    await fromNodeProviderChain(profile ? { profile } : {})();
  } catch (error) {
    throw new AwsSetupError(
      describeCredentialError(error, { profile, endpointUrl: null, region: null }) ??
        `Could not load AWS credentials: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * Creates the clients. Checks the profile exists and the region is known, and resolves credentials once so a
 * missing login or an expired SSO token is reported before any API call (as `AwsSetupError`).
 */
export async function createAwsSession(options: AwsConnectionOptions = {}): Promise<AwsSession> {
  const profile = options.profile?.trim() || null;
  if (profile && !options.credentials) await assertProfileExists(profile);
  const region = await resolveRegion(options.region, profile);
  const endpointUrl = options.endpointUrl?.trim() ? validateEndpointUrl(options.endpointUrl.trim()) : null;
  const credentials = options.credentials ?? fromNodeProviderChain(profile ? { profile } : {});
  if (typeof credentials === 'function') {
    try {
      await credentials();
    } catch (error) {
      throw new AwsSetupError(
        describeCredentialError(error, { profile, endpointUrl, region }) ??
          `Could not load AWS credentials: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  const common = {
    region,
    credentials,
    ...(profile ? { profile } : {}),
    ...(endpointUrl ? { endpoint: endpointUrl } : {}),
    maxAttempts: options.maxAttempts ?? 3,
    retryMode: 'standard',
    // Without throwOnRequestTimeout the SDK only logs a warning and waits on forever.
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs ?? 3000,
      requestTimeout: options.requestTimeoutMs ?? 15000,
      throwOnRequestTimeout: true,
    },
  };
  return {
    clients: {
      ec2: new EC2Client(common),
      ecs: new ECSClient(common),
      iam: new IAMClient(common),
      ecr: new ECRClient(common),
      kms: new KMSClient(common),
      secretsmanager: new SecretsManagerClient(common),
      ssm: new SSMClient(common),
    },
    region,
    profile,
    endpointUrl,
  };
}

/** Releases the sockets of a session's clients. */
export function destroyAwsSession(session: AwsSession): void {
  for (const client of Object.values(session.clients)) client.destroy();
}

/** A finished live check with the API calls it made. */
export interface LiveVerifyOutcome {
  result: LiveCheckResult;
  region: string;
  apiCalls: { total: number; byOperation: Record<string, number>; rounds: number };
  durationMs: number;
}

/** Runs one live check on a session (the session's clients are reused; a new reader keeps the memo per check). */
export async function runLiveVerify(session: AwsSession, request: LiveCheckRequest, signal?: AbortSignal): Promise<LiveVerifyOutcome> {
  const counter = new ApiCallCounter();
  const reader = new SdkAwsNetworkReader(session.clients, {
    signal,
    counter,
    errorContext: { profile: session.profile, endpointUrl: session.endpointUrl, region: session.region },
  });
  const started = performance.now();
  const result = await runLiveCheck(reader, request, { region: session.region });
  return {
    result,
    region: session.region,
    apiCalls: { total: counter.total(), byOperation: counter.byOperation(), rounds: counter.rounds() },
    durationMs: Math.round(performance.now() - started),
  };
}
