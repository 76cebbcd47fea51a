/**
 * How the editor layer names files to the core and back. The core works on absolute paths; on the
 * desktop those are the `file:` URIs' paths, in the browser (src/web/) the paths of virtual file
 * systems' URIs (`vscode-vfs:`, `memfs:`, a remote workspace). Diagnostics and code actions take one
 * of these, so the same glue serves both.
 */
import * as vscode from 'vscode';

/** A mapping between the core's paths and the editor's URIs. */
export interface Locations {
  /** The URI of a path the core reported. */
  uriOf(path: string): vscode.Uri;
  /** The core's path of a URI. */
  pathOf(uri: vscode.Uri): string;
  /** The current text of a file: the open document's, else the stored file's (undefined when unreadable). */
  readText(path: string): string | undefined;
}

/** The open document whose URI maps to `path`, if any. */
export function openDocumentAt(locations: Locations, path: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => locations.pathOf(d.uri) === path);
}
