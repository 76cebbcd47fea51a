/** The "Private ECR Access" tree view: the last live check, one node per needed service with its hops. */
import * as vscode from 'vscode';
import { buildResultOutline, OutlineNode } from '../../core/live/report';
import type { LiveCheckResult } from '../../core/live/result';
import type { DeclaredId } from '../../core/model/declared-ids';

/** The id of the view (contributes.views in package.json). */
export const verifyResultsViewId = 'privateEcr.verifyResults';

/** A tree item as plain data, for tests and logs: what the user sees in the view. */
export interface TreeSnapshot {
  /** The node's id (what "Show in Terraform" and other item commands receive). */
  id: string;
  label: string;
  description: string;
  tooltip: string;
  icon: string | null;
  /** How the provider gives the item to the view: expanded, collapsed, or a leaf. */
  collapsibleState: 'expanded' | 'collapsed' | 'none';
  children: TreeSnapshot[];
  /** The address of the Terraform block "Show in Terraform" opens for this node, or null (the action is absent). */
  terraform: string | null;
}

/** AWS ids as the live check prints them: EC2-style ids and ARNs. */
const AWS_ID = /\b(?:vpce|sg|subnet|vpc|rtb|acl|pl|eni)-[0-9a-f]{8,17}\b|\barn:aws[a-z-]*:[^\s,;()]+/g;

/** The AWS ids a node names, in its description (`sg-0123… — failed`), first the one it is about. */
export function awsIdsOf(node: OutlineNode): string[] {
  return [...new Set(node.description.match(AWS_ID) ?? [])];
}

/** The context value of a step whose AWS object a Terraform block of the workspace stands for. */
export const IN_TERRAFORM_CONTEXT = 'privateEcr.verifyStep.inTerraform';

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

  /** The Terraform block each node's AWS object has in the workspace (by node id). */
  private terraform = new Map<string, DeclaredId>();

  /** Shows a new result. */
  showResult(result: LiveCheckResult): void {
    this.nodes = buildResultOutline(result);
    this.terraform = new Map();
    this.changed.fire(undefined);
  }

  /** Every node of the shown tree, depth first. */
  allNodes(): OutlineNode[] {
    const out: OutlineNode[] = [];
    const walk = (nodes: OutlineNode[]) => {
      for (const node of nodes) {
        out.push(node);
        walk(node.children);
      }
    };
    walk(this.nodes);
    return out;
  }

  /** Links each node to the block that stands for the first of its AWS ids that `declared` has (the others lose their link). */
  setTerraform(declared: DeclaredId[]): void {
    const byId = new Map(declared.map((d) => [d.id, d]));
    this.terraform = new Map();
    for (const node of this.allNodes()) {
      if (node.status === 'detail') continue;
      const found = awsIdsOf(node)
        .map((id) => byId.get(id))
        .find((d) => d !== undefined);
      if (found) this.terraform.set(node.id, found);
    }
    this.changed.fire(undefined);
  }

  /** The node with this id in the shown tree. */
  nodeById(id: string): OutlineNode | undefined {
    return this.allNodes().find((node) => node.id === id);
  }

  /** The Terraform block a node's AWS object has in the workspace, if any. */
  terraformOf(node: OutlineNode): DeclaredId | undefined {
    return this.terraform.get(node.id);
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
    item.contextValue =
      node.status === 'detail' ? 'privateEcr.verifyDetail' : this.terraform.has(node.id) ? IN_TERRAFORM_CONTEXT : 'privateEcr.verifyStep';
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
        id: child.id,
        label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''),
        description: typeof item.description === 'string' ? item.description : '',
        tooltip: typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? ''),
        icon: item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : null,
        collapsibleState:
          item.collapsibleState === vscode.TreeItemCollapsibleState.Expanded
            ? 'expanded'
            : item.collapsibleState === vscode.TreeItemCollapsibleState.Collapsed
              ? 'collapsed'
              : 'none',
        children: await this.snapshot(child),
        terraform: this.terraform.get(child.id)?.address ?? null,
      });
    }
    return snapshots;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
