/**
 * Maps AWS SDK errors to `LiveCallError`s whose messages say what to do. Messages never include credentials,
 * request signatures or stack traces.
 */
import { LiveCallError } from '../core/live/types';

/** The IAM action behind an API operation, e.g. `ec2:DescribeVpcs`, for "grant this" messages. */
export function iamActionFor(servicePrefix: string, operation: string): string {
  return `${servicePrefix}:${operation}`;
}

const accessDeniedNames = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedException',
  'AuthorizationError',
  'Forbidden',
]);
const throttlingNames = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'PriorRequestNotComplete',
  'BandwidthLimitExceeded',
  'LimitExceededException',
]);
const expiredCredentialNames = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);
const invalidCredentialNames = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'AuthFailure',
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'OptInRequired',
]);
const networkCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EPIPE',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
]);
/** A connection that was made and then dropped: the endpoint is reachable, this one read did not complete. */
const droppedConnectionCodes = new Set(['ECONNRESET', 'EPIPE']);
const timeoutCodes = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);

interface ErrorShape {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
}

function shapeOf(error: unknown): ErrorShape {
  return typeof error === 'object' && error !== null ? (error as ErrorShape) : { message: String(error) };
}

/** Strips what must never reach a log: access keys, session tokens, signatures, long opaque strings. */
export function redactSecrets(text: string): string {
  return text
    .replace(/\b(AKIA|ASIA)[A-Z0-9]{12,}\b/g, '[redacted key id]')
    .replace(
      /(Signature|X-Amz-Signature|X-Amz-Security-Token|SessionToken|aws_session_token|aws_secret_access_key)[=:]\s*[^\s&,]+/gi,
      '$1=[redacted]',
    )
    .replace(/[A-Za-z0-9/+=]{80,}/g, '[redacted]');
}

function firstLine(text: string | undefined): string {
  const line = (text ?? '').split('\n')[0].trim();
  return redactSecrets(line.length > 300 ? `${line.slice(0, 300)}…` : line);
}

/** Where the check sends requests and with which profile, for messages. */
export interface ErrorContext {
  profile?: string | null;
  endpointUrl?: string | null;
  region?: string | null;
}

/** Explains a credentials problem in one line (no credentials, expired SSO token, invalid keys…). */
export function describeCredentialError(error: unknown, context: ErrorContext): string | null {
  const shape = shapeOf(error);
  const name = shape.name ?? '';
  const message = shape.message ?? '';
  const profileText = context.profile ? ` --profile ${context.profile}` : '';
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError' || /credential|sso/i.test(name)) {
    if (/sso/i.test(message) && /expired|invalid|refresh|not found|no token/i.test(message)) {
      return `The SSO session${context.profile ? ` of profile ${context.profile}` : ''} has expired or is not logged in. Run: aws sso login${profileText}`;
    }
    if (/could not resolve credentials using profile|profile .* could not be found|not found in the config/i.test(message)) {
      return `Profile ${context.profile ?? ''} has no usable credentials: ${firstLine(message)}`;
    }
    return `No AWS credentials found${context.profile ? ` for profile ${context.profile}` : ''}. Set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, pass --profile, or run aws configure / aws sso login. (${firstLine(message)})`;
  }
  if (expiredCredentialNames.has(name)) {
    return `The AWS credentials have expired (${name}). Refresh them (aws sso login${profileText}, or new temporary keys) and run again.`;
  }
  if (invalidCredentialNames.has(name)) {
    return `AWS rejected the credentials (${name}: ${firstLine(message)}). Check the access key, the profile, and that the region ${context.region ?? ''} is enabled for the account.`;
  }
  return null;
}

function networkCode(error: unknown): string | null {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const shape = shapeOf(current);
    if (shape.code && networkCodes.has(shape.code)) return shape.code;
    if (shape.code && timeoutCodes.has(shape.code)) return shape.code;
    current = shape.cause;
  }
  return null;
}

/** Converts any error of one SDK call into a `LiveCallError` of the right kind with an actionable message. */
export function classifyAwsError(error: unknown, servicePrefix: string, operation: string, context: ErrorContext = {}): LiveCallError {
  if (error instanceof LiveCallError) return error;
  const shape = shapeOf(error);
  const name = shape.name ?? shape.Code ?? '';
  const message = firstLine(shape.message);
  const status = shape.$metadata?.httpStatusCode;
  if (name === 'AbortError' || /aborted/i.test(name)) return new LiveCallError('cancelled', operation, 'The check was cancelled.');
  const credentialMessage = describeCredentialError(error, context);
  if (credentialMessage) return new LiveCallError('credentials', operation, credentialMessage);
  if (accessDeniedNames.has(name) || (status === 403 && !invalidCredentialNames.has(name))) {
    return new LiveCallError(
      'access-denied',
      operation,
      `${operation} was denied (${name || 'HTTP 403'}). Allow ${iamActionFor(servicePrefix, operation)} for the identity running the check (see docs/live-check.md for the whole policy).`,
    );
  }
  if (throttlingNames.has(name) || status === 429) {
    return new LiveCallError(
      'throttled',
      operation,
      `${operation} was throttled by AWS even after retries (${name || 'HTTP 429'}). Wait a minute and run the check again.`,
    );
  }
  const code = networkCode(error);
  // The SDK names a reset socket a TimeoutError and retries it; after the last attempt the read is lost, not the
  // endpoint (the other reads reached it), so only this read's steps become unknown.
  if (code && droppedConnectionCodes.has(code)) {
    return new LiveCallError(
      'connection-reset',
      operation,
      `${operation} lost its connection (${code}) on every attempt${context.endpointUrl ? ` to ${context.endpointUrl}` : ''}. Check the network or proxy and run again.`,
    );
  }
  if (timeoutCodes.has(name) || (code && timeoutCodes.has(code))) {
    return new LiveCallError(
      'timeout',
      operation,
      `${operation} timed out${context.endpointUrl ? ` at ${context.endpointUrl}` : ''}. Check the network or proxy and run again.`,
    );
  }
  if (code && networkCodes.has(code)) {
    const where = context.endpointUrl ?? `the ${servicePrefix.toUpperCase()} endpoint of ${context.region ?? 'the region'}`;
    return new LiveCallError('network', operation, `Cannot reach ${where} (${code}). Check the network, proxy or --endpoint-url.`);
  }
  if (/\.NotFound$|^NoSuchEntity|NotFoundException$|^InvalidVpcID|^InvalidSubnetID|^InvalidGroup/.test(name)) {
    return new LiveCallError('not-found', operation, `${operation}: ${message || name}`);
  }
  if (status !== undefined && status >= 500) {
    return new LiveCallError(
      'other',
      operation,
      `${operation} failed on the AWS side (${name || `HTTP ${status}`}). Run the check again later.`,
    );
  }
  return new LiveCallError('other', operation, `${operation} failed: ${name ? `${name}: ` : ''}${message}`);
}
