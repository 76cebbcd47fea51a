/**
 * A finding's stable identity across edits: the rule, the module, the resource address (or the file
 * when no resource applies) and the message id (or the message) — never a line number, so moving a
 * block or adding lines above it keeps the fingerprint. Used by baselines and CI outputs that
 * de-duplicate results (GitLab Code Quality, SARIF partial fingerprints).
 */
import { createHash } from 'crypto';
import type { Finding } from '../../core/findings';

/** The fields the fingerprint is made of, in a fixed order. */
export function fingerprintParts(finding: Finding, relativeFile: string | null): string[] {
  const withId = finding as Finding & { messageId?: string };
  return [finding.ruleId, finding.module, finding.resource ?? relativeFile ?? '', withId.messageId ?? finding.message];
}

/** A hex SHA-256 of the fingerprint parts. */
export function fingerprint(finding: Finding, relativeFile: string | null): string {
  return createHash('sha256')
    .update(JSON.stringify(fingerprintParts(finding, relativeFile)))
    .digest('hex');
}
