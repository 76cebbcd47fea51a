// A syntax error and the diagnostic text the desktop shows for it (this checker's message with Terraform's
// wording from hcl2json). The web suite reads the same text in the browser; test/unit/web/hcl2json-web.test.ts
// checks that the Node build (the desktop's analysis worker and the CLI) produces exactly this text.
export const SYNTAX_ERROR_FILE = 'broken.tf';
export const SYNTAX_ERROR_TEXT = 'locals {\n  a = 1 +\n}\n';
export const SYNTAX_ERROR_MESSAGE =
  "Expected an expression after '+' (Terraform, line 2 column 10: Invalid expression: Expected the start of an expression, but found an invalid expression token)";
