/**
 * The parser's bounds on hostile input: nesting far past the cap gives one clear finding and no
 * stack overflow, and the work (terms read, re-reads after error recovery included) grows linearly
 * with the input, also on the inputs whose recovery used to re-read text at every level (2^depth).
 * Work is counted, not timed: the tests never depend on the machine's speed.
 */
import * as assert from 'node:assert/strict';
import { MAX_NESTING_DEPTH, MAX_TERMS_PER_CHAR, parseHcl, parseHclCountingWork } from '../../../src/core/hcl/parser';
import { checkPositions } from './helpers';

const DEEP = 3000;

/** Inputs nested DEEP levels, each otherwise valid HCL. */
const DEEPLY_NESTED: Record<string, string> = {
  tuples: `x = ${'['.repeat(DEEP)}1${']'.repeat(DEEP)}\n`,
  objects: `x = ${'{a = '.repeat(DEEP)}1${'}'.repeat(DEEP)}\n`,
  parentheses: `x = ${'('.repeat(DEEP)}1${')'.repeat(DEEP)}\n`,
  blocks: `${'b {\n'.repeat(DEEP)}${'}\n'.repeat(DEEP)}`,
  'unary operators': `x = ${'!'.repeat(DEEP)}true\n`,
  'function calls': `x = ${'max('.repeat(DEEP)}1${')'.repeat(DEEP)}\n`,
  conditionals: `x = ${'true ? 1 : '.repeat(DEEP)}2\n`,
  'for expressions': `x = ${'[for v in '.repeat(DEEP)}[1]${' : v]'.repeat(DEEP)}\n`,
  'nested splats': `x = y${'[*]'.repeat(DEEP * 10)}\n`,
  'templates in interpolations': `x = ${'"${'.repeat(DEEP)}1${'}"'.repeat(DEEP)}\n`,
};

/** Families of broken inputs whose size grows with n; the first is the 128-byte file of the report. */
const GROWING: Record<string, (n: number) => string> = {
  'unclosed [{ pairs': (n) => `a = ${'[{'.repeat(n)}\n`,
  'unclosed {[ pairs': (n) => `a = ${'{['.repeat(n)}\n`,
  'unclosed [{( triples': (n) => `a = ${'[{('.repeat(n)}\n`,
  'unclosed ({ pairs': (n) => `a = ${'({'.repeat(n)}\n`,
  'index of unclosed objects': (n) => `a = x${'[{'.repeat(n)}\n`,
  'calls of unclosed objects': (n) => `a = ${'f({'.repeat(n)}\n`,
  'objects with broken keys': (n) => `a = ${'{ [ x y\n'.repeat(n)}\n`,
  'templates of unclosed brackets': (n) => `a = ${'"${[{'.repeat(n)}\n`,
  'blocks of unclosed objects': (n) => 'b {\n a = [{\n'.repeat(n),
  'unclosed for expressions': (n) => `a = ${'[for x in {'.repeat(n)}\n`,
  'unclosed conditionals': (n) => `a = ${'[x ? {'.repeat(n)}\n`,
  'top-level blocks inside unclosed brackets': (n) => `a = ${'[{\nresource "x" "y" {\n'.repeat(n)}`,
};

describe('HCL parser: bounds', () => {
  for (const [kind, text] of Object.entries(DEEPLY_NESTED)) {
    it(`reports ${DEEP} levels of ${kind} as nested too deeply, without overflowing the stack`, () => {
      const file = parseHcl(text, 'deep.tf');
      checkPositions(file);
      const tooDeep = file.errors.filter((e) => e.message.startsWith('Nesting is too deep'));
      assert.equal(tooDeep.length, 1, file.errors.map((e) => e.message).join('\n'));
      assert.equal(tooDeep[0].message, `Nesting is too deep (more than ${MAX_NESTING_DEPTH} levels); the innermost part was skipped`);
    });
  }

  it('parses long postfix chains (indexes, attributes, splats) in a loop, not by recursion', () => {
    const file = parseHcl(`x = y${'[*].*'.repeat(DEEP)}\nz = y${'[0].a'.repeat(DEEP)}\n`, 'chain.tf');
    assert.deepEqual(file.errors, []);
  });

  it('still parses nesting just under the cap without an error', () => {
    const depth = MAX_NESTING_DEPTH - 2;
    const file = parseHcl(`x = ${'['.repeat(depth)}1${']'.repeat(depth)}\n`, 'ok.tf');
    assert.deepEqual(file.errors, []);
  });

  for (const [family, make] of Object.entries(GROWING)) {
    it(`reads ${family} in work linear in the input`, () => {
      const sizes = [20, 40, 80, 160, 320];
      const work = sizes.map((n) => {
        const text = make(n);
        const { file, terms } = parseHclCountingWork(text, 'broken.tf');
        assert.ok(file.errors.length > 0, 'the input is broken and must say so');
        // The hard guarantee: never more than the budget, whatever recovery does.
        assert.ok(terms <= MAX_TERMS_PER_CHAR * text.length + 4096, `${terms} terms for ${text.length} characters`);
        return { terms, length: text.length };
      });
      // And in fact about one term per character: doubling the input at most doubles the work (plus slack).
      for (let i = 1; i < work.length; i++) {
        assert.ok(
          work[i].terms <= 2.5 * work[i - 1].terms + 64,
          `work went from ${work[i - 1].terms} to ${work[i].terms} terms when the input doubled`,
        );
      }
      for (const { terms, length } of work) assert.ok(terms <= 2 * length, `${terms} terms for ${length} characters`);
    });
  }

  it('keeps the 128-byte [{[{... file of the report to about one term per character', () => {
    const text = `a = ${'[{'.repeat(62)}\n`;
    assert.equal(text.length, 129);
    const { file, terms } = parseHclCountingWork(text, 'x.tf');
    assert.ok(file.errors.length > 0);
    assert.ok(terms < 2 * text.length, `${terms} terms`);
  });
});
