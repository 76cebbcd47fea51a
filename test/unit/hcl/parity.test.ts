/**
 * Parity with HashiCorp's parser: for every .tf file we can find (fixtures, examples, our own
 * corpus, and CRLF variants), our tree rendered in hcl2json's shape must equal hcl2json's JSON,
 * and a file hcl2json rejects must give us at least one error.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseWithHcl2json } from '../../../src/core/hcl/hcl2json';
import { parseHcl } from '../../../src/core/hcl/parser';
import { Hcl2jsonShapeError, toHcl2jsonShape } from '../../../src/core/hcl/tojson';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

function findTerraformFiles(dir: string, found: string[] = []): string[] {
  if (!fs.existsSync(dir)) return found;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findTerraformFiles(full, found);
    else if (entry.isFile() && entry.name.endsWith('.tf')) found.push(full);
  }
  return found;
}

/** Asserts that our parser agrees with hcl2json on `text`. */
async function assertParity(label: string, text: string): Promise<void> {
  const ours = parseHcl(text, label);
  const theirs = await parseWithHcl2json(label, text);
  if (theirs.ok) {
    assert.deepEqual(
      ours.errors.map((e) => `${e.range.start.line + 1}:${e.range.start.character + 1} ${e.message}`),
      [],
      `${label}: hcl2json accepts it, we report errors`,
    );
    assert.deepEqual(toHcl2jsonShape(ours), theirs.json, `${label}: different JSON`);
    return;
  }
  assert.notEqual(theirs.stage, 'load', `${label}: hcl2json could not run: ${theirs.message}`);
  if (theirs.stage === 'parse' || ours.errors.length > 0) {
    assert.ok(
      ours.errors.length > 0,
      `${label}: hcl2json rejects it (${theirs.line}:${theirs.column} ${theirs.message}), we report nothing`,
    );
    return;
  }
  // hcl2json parsed it but could not convert it (e.g. a block both with and without labels).
  assert.throws(() => toHcl2jsonShape(ours), Hcl2jsonShapeError, `${label}: hcl2json failed to convert (${theirs.message}), we did not`);
}

describe('HCL parser: parity with @cdktf/hcl2json', () => {
  const files = [...findTerraformFiles(path.join(repoRoot, 'test')), ...findTerraformFiles(path.join(repoRoot, 'examples'))].sort();

  it('finds the corpus', () => {
    assert.ok(files.some((f) => f.includes(path.join('unit', 'hcl', 'corpus'))));
  });

  for (const file of files) {
    const label = path.relative(repoRoot, file);
    it(`agrees on ${label}`, async () => {
      await assertParity(label, fs.readFileSync(file, 'utf8'));
    });
  }

  for (const file of findTerraformFiles(path.join(__dirname, 'corpus'))) {
    const label = `${path.relative(repoRoot, file)} (CRLF)`;
    it(`agrees on ${label}`, async () => {
      await assertParity(label, fs.readFileSync(file, 'utf8').replace(/\r?\n/g, '\r\n'));
    });
  }

  const snippets: string[] = [
    // literals and numbers
    'a = 1\nb = 1.5\nc = 1e3\nd = 0.5e-2\ne = true\nf = null\ng = -1\nh = !true\ni = - 1\nj = 007\nk = 1.e5\n',
    // templates: escapes, passthrough, strip markers, directives
    'a = "${1}"\nb = "${"x"}"\nc = "${[1, var.x]}"\nd = "${{a = 1}}"\ne = "a${1}b"\nf = "a${true}b"\ng = "a${null}b"\nh = "a${-1}b"\n',
    'a = "x${p ? q : r}"\nb = "${p ? "y" : "n"}"\nc = "x%{ if a ~} yes %{~ else } no %{ endif }"\nd = "x%{ for k, v in m ~} ${k}=${v} %{ endfor }"\ne = "%{if a}only%{endif}"\nf = "x%{if a}%{else}no%{endif}"\n',
    'a = "\\u0024{x} $$ $x %% %x $"\nb = "\\\\$${x}"\nc = "$$${x}"\nd = "%%{x} %{ if true }y%{ endif }"\ne = { "$${x}" = 1 }\nf = "${"$${x}"}"\n',
    'a = "${x~} \\n z"\nb = "a \\n ${~x}"\nc = "${a~}${b}  x"\nd = "a ${a} ${~b}"\ne = "${~ 1 ~}  "\n',
    // heredocs
    'a = <<-EOT\n    x ${v}\n\n      y\n  \n    EOT\nb = <<-EOT\n    x\n${v} z\n    EOT\nc = <<EOT\nback\\\\slash \\n $${esc} %%{esc}\nEOT\n',
    'e = <<-EOT\n\tx\n\t\ty\n\tEOT\nf = <<EOT\nEOT\ng = <<-EOT\n    a\n     EOT\nh = <<-EOT\n  ${v}\n    a\n  EOT\n',
    'b = <<EOT\n${x~}\n\n  y\nEOT\nc = <<EOT\nabc  \n\n${~x}\nEOT\nd = <<-EOT\n  ${a~}\n  b\n  EOT\n',
    // object keys
    'd1 = { a.b = 1 }\nd2 = { "${var.x}" = 1, 1 = 2, true = 3, null = 4 }\nd3 = { "a${var.x}" = 1 }\nd4 = { if = 2, in = 3 }\nd5 = { (var.n) = 2, "k" = 3, m: 4 }\nd6 = { a[0] = 1, b["c"] = 2, c[d] = 3 }\n',
    // expressions rendered as source
    'e1 = foo( a )\ne2 = [ foo(1) ]\ne3 = [ (1) ]\ne4 = a[ 1 ]\ne5 = a .b\ne6 = "${a}${b}"\ne7 = "a ${~ b}"\nf = { a = 1 }.a\ng = [1, 2][0]\nh = "x".y\n',
    'x = {\n  for k in y : k => k\n}\ny = [\n  for k in y : k\n]\nz = foo(\n  a,\n  b\n)\nw = a.*[0]\nv = a[*].b[*].c\nu = { a = 1\n}.a\n',
    // blocks: labels, repeats, attribute/block name clashes
    'a "x" {\n}\na = 1\na "x" { y = 2 }\n',
    'locals { a = 1 }\nlocals { b = 2 }\nresource aws_subnet bare { x = 1 }\nterraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n',
    'a "x" {\n}\na {\n}\n',
    'a {\n}\na "x" {\n}\n',
    // errors hcl2json reports at parse time
    'a = 1\na = 2\n',
    'a {\n b = 1',
    'x =\ny = 1',
    'a = "abc',
    'a = @',
    'a {} b = 1',
    'a { b = 1\n c = 2 }',
    'a = <<EOT\nabc',
    'a = 1 b = 2',
    'a = "\\q"',
    'x = {a = 1 b = 2}',
    'x = [1 2]',
    'x = a.0.1',
    'x = foo(a,...)',
    'resource "a${b}" "c" {\n}',
    'x = a.*.b.*.c',
    'x = [for x in y: x...]',
    'x = a ?\n b : c',
    'x = 1 +\n 2',
    'x = {\n a = 1 +\n 2\n}',
    'x = <<EOT  \nabc\nEOT\n',
    'x = "a\nb"',
    'x = { for = 1 }',
    'x = !1',
    'x = -"1"',
    'x = 1.',
    'a {\n b = 1 }',
  ];
  snippets.forEach((text, index) => {
    it(`agrees on inline snippet ${index + 1}: ${JSON.stringify(text.slice(0, 40))}`, async () => {
      await assertParity(`snippet-${index + 1}.tf`, text);
    });
  });
});
