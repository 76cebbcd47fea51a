import * as assert from 'node:assert/strict';
import type { Expression } from '../../../src/core/hcl/ast';
import { expressionOf, sourceOf, span } from './helpers';

/** A compact, source-free rendering of an expression tree, to assert structure and precedence. */
function shape(expr: Expression): string {
  switch (expr.type) {
    case 'literal':
      return JSON.stringify(expr.value);
    case 'variable':
      return expr.name;
    case 'template':
      return `tmpl(${expr.parts.map((p) => (p.kind === 'text' ? JSON.stringify(p.value) : p.kind === 'interpolation' ? `\${${shape(p.expr)}}` : `%{${p.text}}`)).join(' ')})`;
    case 'tuple':
      return `[${expr.items.map(shape).join(', ')}]`;
    case 'object':
      return `{${expr.items.map((i) => `${shape(i.key)}=${shape(i.value)}`).join(', ')}}`;
    case 'getAttr':
      return `${shape(expr.object)}.${expr.name}`;
    case 'index':
      return `${shape(expr.object)}[${shape(expr.key)}]`;
    case 'splat':
      return `splat${expr.full ? '[*]' : '.*'}(${shape(expr.object)}; ${expr.traversal.map((t) => (t.kind === 'attr' ? `.${t.name}` : `[${shape(t.key)}]`)).join('')})`;
    case 'call':
      return `${expr.name}(${expr.args.map(shape).join(', ')}${expr.expandFinal ? '...' : ''})`;
    case 'for':
      return `for(${expr.keyVar ? `${expr.keyVar},` : ''}${expr.valueVar} in ${shape(expr.collection)}: ${expr.keyExpr ? `${shape(expr.keyExpr)} => ` : ''}${shape(expr.valueExpr)}${expr.grouping ? '...' : ''}${expr.condition ? ` if ${shape(expr.condition)}` : ''}${expr.isObject ? ' {}' : ' []'})`;
    case 'conditional':
      return `(${shape(expr.condition)} ? ${shape(expr.trueExpr)} : ${shape(expr.falseExpr)})`;
    case 'binary':
      return `(${shape(expr.left)} ${expr.op} ${shape(expr.right)})`;
    case 'unary':
      return `${expr.op}${shape(expr.operand)}`;
    case 'paren':
      return `paren(${shape(expr.expr)})`;
    case 'invalid':
      return '<invalid>';
  }
}

describe('HCL parser: expressions', () => {
  const cases: Array<[string, string]> = [
    ['1', '1'],
    ['1.5', '1.5'],
    ['1e3', '1000'],
    ['2.5E-1', '0.25'],
    ['true', 'true'],
    ['false', 'false'],
    ['null', 'null'],
    ['"plain"', 'tmpl("plain")'],
    ['""', 'tmpl()'],
    ['"esc \\n \\t \\" \\\\ \\u00e9 \\U0001F600"', 'tmpl("esc \\n \\t \\" \\\\ é 😀")'],
    ['"$${lit} %%{lit} $ % $$"', 'tmpl("${lit} %{lit} $ % $$")'],
    ['"a${b}c"', 'tmpl("a" ${b} "c")'],
    ['"${ b }"', 'tmpl(${b})'],
    ['"a ${~ b ~} c"', 'tmpl("a" ${b} "c")'],
    ['"%{ if a }yes%{ else }no%{ endif }"', 'tmpl(%{%{ if a }} "yes" %{%{ else }} "no" %{%{ endif }})'],
    ['"%{for x in xs}${x},%{endfor}"', 'tmpl(%{%{for x in xs}} ${x} "," %{%{endfor}})'],
    ['var.region', 'var.region'],
    ['a-b', 'a-b'],
    ['aws_subnet.private[0].id', 'aws_subnet.private[0].id'],
    ['list.0.name', 'list[0].name'],
    ['m["key"]', 'm[tmpl("key")]'],
    ['a[*].b.c', 'splat[*](a; .b.c)'],
    ['a[*].b[0]', 'splat[*](a; .b[0])'],
    ['a.*.b', 'splat.*(a; .b)'],
    ['a.*.b[0]', 'splat.*(a; .b)[0]'],
    ['values(m)[*].id', 'splat[*](values(m); .id)'],
    ['f()', 'f()'],
    ['f(1, "two", [3])', 'f(1, tmpl("two"), [3])'],
    ['concat(a, b...)', 'concat(a, b...)'],
    ['f(\n  1,\n  2,\n)', 'f(1, 2)'],
    ['provider::aws::arn_parse(x).region', 'provider::aws::arn_parse(x).region'],
    ['[]', '[]'],
    ['[1, [2, 3], {}]', '[1, [2, 3], {}]'],
    ['[\n  1,\n  2,\n]', '[1, 2]'],
    ['{ a = 1, "b" = 2, (c) = 3, d: 4 }', '{"a"=1, tmpl("b")=2, paren(c)=3, "d"=4}'],
    ['{\n  a = 1\n  b = [\n    2,\n  ]\n}', '{"a"=1, "b"=[2]}'],
    ['[for x in xs : upper(x)]', 'for(x in xs: upper(x) [])'],
    ['[for i, x in xs : x if i > 0]', 'for(i,x in xs: x if (i > 0) [])'],
    ['{for k, v in m : k => v}', 'for(k,v in m: k => v {})'],
    ['{for v in xs : v.az => v.id... if v.ok}', 'for(v in xs: v.az => v.id... if v.ok {})'],
    ['{\n  for k, v in m : k => v\n}', 'for(k,v in m: k => v {})'],
    ['a ? b : c', '(a ? b : c)'],
    ['a ? b : c ? d : e', '(a ? b : (c ? d : e))'],
    ['a || b && c', '(a || (b && c))'],
    ['a && b == c', '(a && (b == c))'],
    ['a == b < c', '(a == (b < c))'],
    ['a < b + c', '(a < (b + c))'],
    ['a + b * c', '(a + (b * c))'],
    ['a - b - c', '((a - b) - c)'],
    ['a / b % c * d', '(((a / b) % c) * d)'],
    ['a != b || c >= d && e <= f', '((a != b) || ((c >= d) && (e <= f)))'],
    ['!a && -b > c', '(!a && (-b > c))'],
    ['-a.b', '-a.b'],
    ['!!a', '!!a'],
    ['-1', '-1'],
    ['(a + b) * c', '(paren((a + b)) * c)'],
    ['(\n  a +\n  b\n)', 'paren((a + b))'],
    ['{ a = 1 }.a', '{"a"=1}.a'],
    ['"x".y', 'tmpl("x").y'],
    ['<<EOT\nhello ${name}\nEOT', 'tmpl("hello " ${name} "\\n")'],
    ['<<-EOT\n    a\n      b\n    EOT', 'tmpl("a\\n  b\\n")'],
    ['<<-EOT\n  ${a}\n    b\n  EOT', 'tmpl("" ${a} "\\n  b\\n")'],
    ['<<-EOT\n${a}\n    b\n  EOT', 'tmpl(${a} "\\n    b\\n")'],
    ['<<EOT\n$${x} %%{y}\nEOT', 'tmpl("${x} %{y}\\n")'],
    ['<<EOT\nEOT', 'tmpl()'],
  ];
  for (const [source, expected] of cases) {
    it(`parses ${JSON.stringify(source)}`, () => {
      const { file, expr } = expressionOf(source);
      assert.equal(shape(expr), expected);
      assert.equal(sourceOf(file, expr.range), source, 'the expression range covers exactly its source');
    });
  }

  it('gives nested nodes their own ranges', () => {
    const { file, expr } = expressionOf('a.b[c + 1].d');
    assert.ok(expr.type === 'getAttr');
    assert.equal(sourceOf(file, expr.nameRange), 'd');
    assert.ok(expr.object.type === 'index');
    assert.equal(sourceOf(file, expr.object.range), 'a.b[c + 1]');
    assert.equal(sourceOf(file, expr.object.key.range), 'c + 1');
    const call = expressionOf('provider::aws::f(1)').expr;
    assert.ok(call.type === 'call');
    assert.deepEqual(span(call.nameRange), [0, 4, 0, 20]);
  });

  it('treats a bare object key as a literal string with the key range', () => {
    const { file, expr } = expressionOf('{ Name = "x" }');
    assert.ok(expr.type === 'object');
    const key = expr.items[0].key;
    assert.deepEqual(key.type === 'literal' && key.value, 'Name');
    assert.equal(sourceOf(file, key.range), 'Name');
    assert.equal(sourceOf(file, expr.items[0].range), 'Name = "x"');
  });
});
