/** The "Private ECR Access" tree view: the last live check, one node per needed service with its hops. */
import * as vscode from 'vscode';
import { localizeLiveResult } from '../../core/live/localize';
import { buildResultOutline, OutlineNode } from '../../core/live/report';
import type { LiveCheckResult } from '../../core/live/result';
import { displayLanguage } from '../language';

/** The id of the view (contributes.views in package.json). */
export const verifyResultsViewId = 'privateEcr.verifyResults';

/** A tree item as plain data, for tests and logs: what the user sees in the view. */
export interface TreeSnapshot {
  label: string;
  description: string;
  tooltip: string;
  icon: string | null;
  children: TreeSnapshot[];
}

function iconOf(node: OutlineNode): vscode.ThemeIcon | undefined {
  switch (node.status) {
    case 'passed':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    case 'failed':
      if (node.severity === 'info') return new vscode.ThemeIcon('info');
      if (node.severity === 'warning') return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    case 'unknown':
      return new vscode.ThemeIcon('question', new vscode.ThemeColor('list.warningForeground'));
    default:
      return undefined;
  }
}

/** Feeds the view from the outline of the last result (or a one-line state: never run, running, failed). */
export class VerifyResultsProvider implements vscode.TreeDataProvider<OutlineNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<OutlineNode | undefined>();
  /** Fires when the shown result changes. */
  readonly onDidChangeTreeData = this.changed.event;
  private nodes: OutlineNode[] = [
    {
      id: 'message',
      label: vscode.l10n.t('No check yet'),
      description: vscode.l10n.t('run "Verify Private ECR Access" from the command palette'),
      tooltip: vscode.l10n.t(
        'Checks with read-only AWS calls that an ECS service (or a VPC) can pull images from private ECR through VPC endpoints.',
      ),
      status: 'detail',
      severity: null,
      children: [],
    },
  ];

  /** Shows a new result, in VS Code's display language (the live catalog's; English where it has none). */
  showResult(result: LiveCheckResult): void {
    const language = displayLanguage();
    this.nodes = buildResultOutline(localizeLiveResult(result, language), language);
    this.changed.fire(undefined);
  }

  /** Shows a single message node instead of a result (e.g. the check failed before it produced one). */
  showMessage(label: string, detail: string, status: OutlineNode['status'] = 'unknown'): void {
    this.nodes = [
      { id: 'message', label, description: detail, tooltip: detail, status, severity: status === 'failed' ? 'error' : null, children: [] },
    ];
    this.changed.fire(undefined);
  }

  getTreeItem(node: OutlineNode): vscode.TreeItem {
    const collapsible =
      node.children.length === 0
        ? vscode.TreeItemCollapsibleState.None
        : node.status === 'failed' || node.status === 'unknown'
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(node.label, collapsible);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.iconPath = iconOf(node);
    item.contextValue = node.status === 'detail' ? 'privateEcr.verifyDetail' : 'privateEcr.verifyStep';
    return item;
  }

  /** The top-level nodes that failed or stayed undecided (their hops are what the user needs to see). */
  failedNodes(): OutlineNode[] {
    return this.nodes.filter((node) => (node.status === 'failed' || node.status === 'unknown') && node.children.length > 0);
  }

  getChildren(node?: OutlineNode): OutlineNode[] {
    return node ? node.children : this.nodes;
  }

  getParent(node: OutlineNode): OutlineNode | undefined {
    const find = (nodes: OutlineNode[], parent: OutlineNode | undefined): OutlineNode | undefined | null => {
      for (const candidate of nodes) {
        if (candidate === node) return parent;
        const found = find(candidate.children, candidate);
        if (found !== null) return found;
      }
      return null;
    };
    return find(this.nodes, undefined) ?? undefined;
  }

  /** Walks the tree through `getChildren`/`getTreeItem`, as the view does, and returns what it shows. */
  async snapshot(node?: OutlineNode): Promise<TreeSnapshot[]> {
    const snapshots: TreeSnapshot[] = [];
    for (const child of this.getChildren(node)) {
      const item = this.getTreeItem(child);
      snapshots.push({
        label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''),
        description: typeof item.description === 'string' ? item.description : '',
        tooltip: typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? ''),
        icon: item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : null,
        children: await this.snapshot(child),
      });
    }
    return snapshots;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
