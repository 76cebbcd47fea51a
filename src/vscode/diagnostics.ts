/**
 * Publishes findings as VS Code diagnostics: source `private-ecr`, the rule id as code linking to
 * its documentation, severity from settings, related information; and remembers each diagnostic's
 * finding (with the document versions it came from) for the code actions. Messages, related
 * information and fix titles are shown in the display language (the core's catalogs).
 */
import * as vscode from 'vscode';
import type { Finding, Severity, TextRange } from '../core/findings';
import { localizedDocsUrl, localizeFinding } from '../core/l10n/localize';
import type { AnalysisService, RootResult } from './analysis-service';
import { displayLanguage } from './language';
import type { Locations } from './locations';

/** The diagnostics source every finding carries. */
export const DIAGNOSTIC_SOURCE = 'private-ecr';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Converts a finding range. */
export function toRange(range: TextRange | null): vscode.Range {
  if (!range) return new vscode.Range(0, 0, 0, 0);
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

/** A finding behind a published diagnostic, with the versions of open documents it was computed from. */
export interface PublishedFinding {
  finding: Finding;
  versions: Map<string, number>;
}

function keyOf(path: string, range: vscode.Range, ruleId: string, message: string): string {
  return `${path}|${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}|${ruleId}|${message}`;
}

/** The rule id of a diagnostic published by this extension, or undefined. */
export function ruleIdOf(diagnostic: vscode.Diagnostic): string | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const code = diagnostic.code;
  if (typeof code === 'string') return code;
  if (code && typeof code === 'object') return String(code.value);
  return undefined;
}

/** Owns the diagnostic collection. */
export class DiagnosticsPublisher implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly byKey = new Map<string, PublishedFinding>();

  constructor(
    private readonly analysis: Pick<AnalysisService, 'allResults'>,
    private readonly isVisible: (path: string) => boolean,
    private readonly locations: Pick<Locations, 'uriOf' | 'pathOf'>,
  ) {}

  /** Re-publishes every file from all current results. */
  publishAll(): void {
    const byFile = new Map<string, Array<{ finding: Finding; result: RootResult }>>();
    const seen = new Set<string>();
    for (const result of this.analysis.allResults()) {
      for (const finding of result.findings) {
        if (!finding.file) continue;
        const dedupe = `${finding.ruleId}|${finding.file}|${JSON.stringify(finding.range)}|${finding.message}`;
        if (seen.has(dedupe)) continue;
        seen.add(dedupe);
        const list = byFile.get(finding.file) ?? [];
        list.push({ finding, result });
        byFile.set(finding.file, list);
      }
    }
    this.byKey.clear();
    const published = new Set<string>();
    const language = displayLanguage();
    for (const [file, entries] of byFile) {
      if (!this.isVisible(file)) continue;
      const uri = this.locations.uriOf(file);
      const diagnostics = entries.map(({ finding: original, result }) => {
        const finding = localizeFinding(original, language);
        const diagnostic = this.toDiagnostic(finding, language);
        this.byKey.set(keyOf(file, diagnostic.range, finding.ruleId, diagnostic.message), { finding, versions: result.versions });
        return diagnostic;
      });
      this.collection.set(uri, diagnostics);
      published.add(uri.toString());
    }
    // Clear files that no longer have findings (or are no longer visible).
    this.collection.forEach((uri) => {
      if (!published.has(uri.toString())) this.collection.delete(uri);
    });
  }

  private toDiagnostic(finding: Finding, language: ReturnType<typeof displayLanguage>): vscode.Diagnostic {
    const diagnostic = new vscode.Diagnostic(toRange(finding.range), finding.message, SEVERITY[finding.severity]);
    diagnostic.source = DIAGNOSTIC_SOURCE;
    diagnostic.code = { value: finding.ruleId, target: vscode.Uri.parse(localizedDocsUrl(finding.ruleId, language)) };
    if (finding.related && finding.related.length > 0) {
      diagnostic.relatedInformation = finding.related.map(
        (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(this.locations.uriOf(r.file), toRange(r.range)), r.message),
      );
    }
    return diagnostic;
  }

  /** The finding behind a diagnostic of a document, if it is one of ours. */
  findingFor(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): PublishedFinding | undefined {
    const ruleId = ruleIdOf(diagnostic);
    if (!ruleId) return undefined;
    return this.byKey.get(keyOf(this.locations.pathOf(document.uri), diagnostic.range, ruleId, diagnostic.message));
  }

  /** Every published finding of a file. */
  findingsOf(path: string): PublishedFinding[] {
    return [...this.byKey.values()].filter((p) => p.finding.file === path);
  }

  /** Disposes the collection. */
  dispose(): void {
    this.collection.dispose();
  }
}
