/**
 * The "Verify Private ECR Access" command (`privateEcr.verifyAccess`): picks profile, region and target (or takes
 * them from its arguments), runs the live check with progress and cancellation, shows the result in the
 * "Private ECR Access" tree view, and logs the full report to the output channel.
 */
import * as vscode from 'vscode';
import type { Finding } from '../../core/findings';
import type { LiveCheckRequest } from '../../core/live/target';
import type { AwsSession, LiveVerifyOutcome } from '../../aws/session';
import type { DeclaredId } from '../../core/model/declared-ids';
import { loadLive } from '../../load-live';
import { awsIdsOf, TreeSnapshot, verifyResultsViewId, VerifyResultsProvider } from './tree';

/** Optional arguments that skip the pickers (tests, tasks, keybindings). */
export interface VerifyCommandArguments {
  /** A profile name; null (or empty) for the default credential chain. */
  profile?: string | null;
  region?: string;
  endpointUrl?: string;
  cluster?: string;
  service?: string;
  /** A task id or ARN (with `cluster`): checks that one task's network configuration. */
  task?: string;
  vpcId?: string;
  subnetIds?: string[];
  securityGroupIds?: string[];
}

/** What the command returns: the outcome and the tree the view shows. */
export interface VerifyCommandResult {
  status: 'completed' | 'cancelled' | 'failed' | 'refused' | 'busy';
  /** The summary line, or why there is no result. */
  message: string;
  outcome: LiveVerifyOutcome | null;
  findings: Finding[];
  /** The view's contents, read through its tree data provider. */
  tree: TreeSnapshot[];
  /** The top-level nodes the view was asked to reveal expanded after the run, and whether the view did (the reveal resolved). */
  revealed: Array<{ label: string; expanded: boolean; error?: string }>;
}

/** The title-bar command of the results view: the last check again, same profile, region and target. */
export const rerunCommandId = 'privateEcr.verifyAccess.rerun';

/** The item command of the results view: opens the Terraform block that stands for a step's AWS object. */
export const showInTerraformCommandId = 'privateEcr.verifyAccess.showInTerraform';

/** What "Show in Terraform" did: the block it opened, or why it opened none. */
export type ShowInTerraformResult = { opened: true; file: string; line: number; address: string } | { opened: false; message: string };

/** Finds the Terraform blocks that stand for AWS ids (the analysis worker reads the workspace's state and configuration). */
export type TerraformDeclarations = (ids: string[]) => Promise<DeclaredId[]>;

/** How long the view waits for the Terraform links after a check before it shows the result without them. */
const DECLARATIONS_WAIT_MS = 10_000;

/** Passed to `run` by the re-run command (never a user argument: it is not a plain object). */
const rerunMarker = Symbol('rerun');

class ArgumentsError extends Error {
  override readonly name = 'ArgumentsError';
}

const knownArgumentKeys = ['profile', 'region', 'endpointUrl', 'cluster', 'service', 'task', 'vpcId', 'subnetIds', 'securityGroupIds'];

/** Accepts only a plain object of known keys (menus may pass URIs or tree items, which mean "no arguments"). */
function readArguments(raw: unknown): VerifyCommandArguments | null {
  if (raw === undefined || raw === null || typeof raw !== 'object' || raw instanceof vscode.Uri || Array.isArray(raw)) return null;
  const keys = Object.keys(raw);
  if (keys.length === 0 || !keys.every((key) => knownArgumentKeys.includes(key))) return null;
  const args = raw as Record<string, unknown>;
  for (const key of ['region', 'endpointUrl', 'cluster', 'service', 'task', 'vpcId']) {
    if (args[key] !== undefined && typeof args[key] !== 'string') throw new ArgumentsError(`Argument ${key} must be a string.`);
  }
  if (args.profile !== undefined && args.profile !== null && typeof args.profile !== 'string')
    throw new ArgumentsError('Argument profile must be a string or null.');
  for (const key of ['subnetIds', 'securityGroupIds']) {
    const value = args[key];
    if (value !== undefined && (!Array.isArray(value) || !value.every((item) => typeof item === 'string')))
      throw new ArgumentsError(`Argument ${key} must be a list of ids.`);
  }
  return args as VerifyCommandArguments;
}

function requestFromArguments(args: VerifyCommandArguments): LiveCheckRequest | null {
  if (args.task) {
    if (!args.cluster) throw new ArgumentsError('Give the cluster of the task.');
    return { kind: 'task', cluster: args.cluster, task: args.task };
  }
  if (args.cluster || args.service) {
    if (!args.cluster || !args.service) throw new ArgumentsError('Give both cluster and service.');
    if (args.vpcId) throw new ArgumentsError('Give either cluster and service, or vpcId, not both.');
    return { kind: 'service', cluster: args.cluster, service: args.service };
  }
  if (args.vpcId)
    return {
      kind: 'vpc',
      vpcId: args.vpcId,
      subnetIds: args.subnetIds?.length ? args.subnetIds : undefined,
      securityGroupIds: args.securityGroupIds?.length ? args.securityGroupIds : undefined,
    };
  return null;
}

/** The `privateEcr.aws.*` settings; empty strings count as unset. */
function readAwsSettings(): { profile: string | null; region: string | null; endpointUrl: string | null } {
  const config = vscode.workspace.getConfiguration('privateEcr.aws');
  const value = (key: string) => config.get<string>(key, '')?.trim() || null;
  return { profile: value('profile'), region: value('region'), endpointUrl: value('endpointUrl') };
}

function describeError(error: unknown, knownErrorNames: string[]): string {
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  const known = error instanceof Error && knownErrorNames.includes(error.name);
  return known ? message : `Internal error: ${message}`;
}

/** Registers the command and the results view; returns their disposables. */
export function registerVerifyCommand(
  context: vscode.ExtensionContext,
  output: vscode.OutputChannel,
  declarations?: TerraformDeclarations,
): vscode.Disposable[] {
  const provider = new VerifyResultsProvider();
  const view = vscode.window.createTreeView(verifyResultsViewId, { treeDataProvider: provider, showCollapseAll: true });
  let running = false;
  /** What the last completed check used, for "Re-run". */
  let lastRun: { profile: string | null; region: string; endpointUrl: string | null; request: LiveCheckRequest } | undefined;

  const finish = async (
    status: VerifyCommandResult['status'],
    message: string,
    outcome: LiveVerifyOutcome | null,
    revealed: VerifyCommandResult['revealed'] = [],
  ): Promise<VerifyCommandResult> => ({
    status,
    message,
    outcome,
    findings: outcome?.result.findings ?? [],
    tree: await provider.snapshot(),
    revealed,
  });

  const fail = async (message: string): Promise<VerifyCommandResult> => {
    output.appendLine(`Verify Private ECR Access failed: ${message}`);
    provider.showMessage(vscode.l10n.t('The check could not run'), message, 'failed');
    view.message = undefined;
    void vscode.window.showErrorMessage(vscode.l10n.t('Verify Private ECR Access: {0}', message));
    return finish('failed', message, null);
  };

  /** Resolves when the results view is visible, or after `ms`. */
  const whenVisible = (ms: number) =>
    new Promise<void>((resolve) => {
      if (view.visible) return resolve();
      const timer = setTimeout(done, ms);
      const subscription = view.onDidChangeVisibility((event) => event.visible && done());
      function done() {
        clearTimeout(timer);
        subscription.dispose();
        resolve();
      }
    });

  /** Gives the steps whose AWS object has a Terraform block the "Show in Terraform" action (bounded wait; without links on a late answer). */
  const linkToTerraform = async (): Promise<void> => {
    if (!declarations) return;
    const ids = [...new Set(provider.allNodes().flatMap(awsIdsOf))];
    if (ids.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), DECLARATIONS_WAIT_MS)));
    try {
      const found = await Promise.race([declarations(ids), late]);
      if (found === 'late') output.appendLine('Verify Private ECR Access: the Terraform blocks of the AWS ids were not found in time.');
      else provider.setTerraform(found);
    } catch (error) {
      output.appendLine(`Verify Private ECR Access: could not look up the Terraform blocks: ${(error as Error)?.message ?? error}`);
    } finally {
      clearTimeout(timer);
    }
  };

  const showInTerraform = async (target: unknown): Promise<ShowInTerraformResult> => {
    const id =
      target && typeof target === 'object' && typeof (target as { id?: unknown }).id === 'string' ? (target as { id: string }).id : '';
    const node = provider.nodeById(id);
    const declared = node && provider.terraformOf(node);
    if (!node || !declared) {
      const named = node ? awsIdsOf(node).join(', ') || node.label : vscode.l10n.t('this step');
      const message = vscode.l10n.t(
        'No Terraform block of this workspace stands for {0} (looked in terraform.tfstate, import blocks and data sources with a literal id).',
        named,
      );
      void vscode.window.showInformationMessage(message);
      return { opened: false, message };
    }
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(declared.file));
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    const range = new vscode.Range(
      declared.range.start.line,
      declared.range.start.character,
      declared.range.end.line,
      declared.range.end.character,
    );
    editor.selection = new vscode.Selection(range.start, range.start);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return { opened: true, file: declared.file, line: declared.range.start.line, address: declared.address };
  };

  const run = async (rawArguments: unknown): Promise<VerifyCommandResult> => {
    if (!vscode.workspace.isTrusted) {
      const message = vscode.l10n.t(
        "The live AWS check is disabled in untrusted workspaces: it uses your AWS credentials and this workspace's settings. Trust the workspace to run it.",
      );
      void vscode.window.showErrorMessage(message, vscode.l10n.t('Manage Workspace Trust')).then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
      });
      return finish('refused', message, null);
    }
    if (running) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Verify Private ECR Access is already running.'));
      return finish('busy', vscode.l10n.t('A check is already running.'), null);
    }
    running = true;
    // The view is declared with this context key so it only appears in the Explorer once the check is used.
    void vscode.commands.executeCommand('setContext', 'privateEcr.verifyResultsVisible', true);
    let session: AwsSession | null = null;
    let destroySession: ((session: AwsSession) => void) | null = null;
    try {
      // Loaded on first use (dist/live.js) so activation loads no AWS SDK code.
      const {
        checkAwsCredentials,
        createAwsSession,
        destroyAwsSession,
        runLiveVerify,
        listAwsProfiles,
        SdkAwsNetworkReader,
        formatLiveReport,
        summarizeLiveResult,
      } = loadLive();
      destroySession = destroyAwsSession;
      const args = readArguments(rawArguments);
      const settings = readAwsSettings();
      const state = context.workspaceState;
      const { pickProfile, pickRegion, pickTarget, rememberRegion } = await import('./pickers');
      // "Re-run" repeats the last check with the same profile, region and target, without pickers.
      const rerun = rawArguments === rerunMarker ? lastRun : undefined;
      if (rawArguments === rerunMarker && !rerun) return await finish('cancelled', 'No check to re-run yet.', null);

      let profile: string | null;
      let profileRegion: string | null = null;
      if (rerun) profile = rerun.profile;
      else if (args) profile = args.profile?.trim() || (args.profile === undefined ? settings.profile : null);
      else if (settings.profile) profile = settings.profile;
      else {
        const picked = await pickProfile(state, await listAwsProfiles());
        if (!picked) return await finish('cancelled', 'Cancelled.', null);
        profile = picked.profile;
        profileRegion = picked.region;
      }

      let region: string | null = rerun?.region ?? (args?.region?.trim() || settings.region);
      if (!region && !args) {
        // Ask for a region only once the credentials are known to work (a missing SSO login is said first).
        await checkAwsCredentials(profile);
        region = (await pickRegion(state, profileRegion)) ?? null;
        if (!region) return await finish('cancelled', 'Cancelled.', null);
      }
      const endpointUrl = rerun ? rerun.endpointUrl : args?.endpointUrl?.trim() || settings.endpointUrl;

      session = await createAwsSession({ profile, region, endpointUrl });
      output.appendLine(
        `Verify Private ECR Access: profile ${session.profile ?? '(default chain)'}, region ${session.region}${session.endpointUrl ? `, endpoint ${session.endpointUrl}` : ''}`,
      );

      let request = rerun?.request ?? (args ? requestFromArguments(args) : null);
      if (!request) {
        request =
          (await pickTarget(
            new SdkAwsNetworkReader(session.clients, { errorContext: { profile, region: session.region, endpointUrl } }),
            state,
          )) ?? null;
        if (!request) return await finish('cancelled', 'Cancelled.', null);
      }

      const activeSession = session;
      const checked = request;
      const outcome = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Verifying private ECR access'), cancellable: true },
        async (progress, token) => {
          progress.report({
            message:
              checked.kind === 'service'
                ? vscode.l10n.t('service {0} in {1}', checked.service, checked.cluster)
                : checked.kind === 'task'
                  ? vscode.l10n.t('task {0} in {1}', checked.task, checked.cluster)
                  : checked.vpcId,
          });
          const controller = new AbortController();
          const subscription = token.onCancellationRequested(() => controller.abort());
          try {
            return await runLiveVerify(activeSession, checked, controller.signal);
          } finally {
            subscription.dispose();
          }
        },
      );

      const summary = summarizeLiveResult(outcome.result, outcome);
      provider.showResult(outcome.result);
      await linkToTerraform();
      view.message = summary;
      lastRun = { profile, region: session.region, endpointUrl, request: checked };
      void vscode.commands.executeCommand('setContext', 'privateEcr.verifyCanRerun', true);
      // Only a region a check completed in is offered first next time.
      await rememberRegion(state, session.region);
      for (const line of formatLiveReport(outcome.result, outcome)) output.appendLine(line);
      await vscode.commands.executeCommand(`${verifyResultsViewId}.focus`).then(undefined, () => undefined);
      // Every failed service opens on its hops, not only the first one the view happens to expand.
      // Revealed last to first, so the view ends scrolled to the first one.
      const revealed: VerifyCommandResult['revealed'] = [];
      for (const failed of provider.failedNodes().reverse()) {
        const reveal = () =>
          view.reveal(failed, { expand: true, select: false, focus: false }).then(
            () => undefined,
            (e: unknown) => String((e as Error)?.message ?? e),
          );
        let error = await reveal();
        // On a window's first check the view may still be opening: once it is visible (or after 2 s), once more.
        if (error !== undefined) {
          await whenVisible(2000);
          error = await reveal();
        }
        if (error !== undefined) output.appendLine(`Verify Private ECR Access: could not reveal ${failed.label}: ${error}`);
        revealed.unshift(error === undefined ? { label: failed.label, expanded: true } : { label: failed.label, expanded: false, error });
      }
      const errors = outcome.result.findings.filter((finding) => finding.severity === 'error').length;
      const notify =
        errors > 0 || outcome.result.undecided.length > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
      void notify(`Private ECR: ${summary}`);
      return await finish('completed', summary, outcome, revealed);
    } catch (error) {
      if (error instanceof Error && error.name === 'LiveCallError' && (error as { kind?: string }).kind === 'cancelled') {
        output.appendLine('Verify Private ECR Access: cancelled.');
        return await finish('cancelled', 'Cancelled.', null);
      }
      return await fail(describeError(error, ['AwsSetupError', 'LiveTargetError', 'LiveCallError', 'ArgumentsError']));
    } finally {
      if (session && destroySession) destroySession(session);
      running = false;
    }
  };

  const command = vscode.commands.registerCommand('privateEcr.verifyAccess', (rawArguments?: unknown) => run(rawArguments));
  const rerunCommand = vscode.commands.registerCommand(rerunCommandId, () => run(rerunMarker));
  const showCommand = vscode.commands.registerCommand(showInTerraformCommandId, (target?: unknown) => showInTerraform(target));
  return [provider, view, command, rerunCommand, showCommand];
}
