/**
 * Entry of the live check's own bundle (dist/live.js): the AWS SDK clients, the reader, the session and the
 * `verify` command. Nothing on the static path imports this file; src/load-live.ts requires it the first time
 * `private-ecr verify` or the editor's "Verify Private ECR Access" runs, so `check` and extension activation
 * never load any `@aws-sdk/*` code.
 */
export { runVerifyCli } from './cli/verify';
export { checkAwsCredentials, createAwsSession, destroyAwsSession, runLiveVerify } from './aws/session';
export { listAwsProfiles } from './aws/profiles';
export { SdkAwsNetworkReader } from './aws/reader';
export { formatLiveReport, summarizeLiveResult } from './core/live/report';
