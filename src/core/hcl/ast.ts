/**
 * The syntax tree of one HCL (Terraform native syntax) file, with source positions.
 * Produced by `parser.ts`; everything else in the project reads files through these types only,
 * so the parser behind them can be swapped.
 */

/** A place in a text: 0-based line, 0-based UTF-16 column, and 0-based UTF-16 offset into the text. */
export interface Position {
  line: number;
  character: number;
  offset: number;
}

/** A half-open span of text: `start` inclusive, `end` exclusive. */
export interface Range {
  start: Position;
  end: Position;
}

/** A problem the parser found; the parser recovers and keeps going after each. */
export interface SyntaxDiagnostic {
  message: string;
  range: Range;
}

/** A `#`, `//` or `/* *\/` comment, with its text as written (markers included). */
export interface Comment {
  text: string;
  range: Range;
}

/** One parsed file. */
export interface HclFile {
  /** Path as given to the parser. */
  path: string;
  /** The exact text that was parsed. */
  text: string;
  body: Body;
  comments: Comment[];
  errors: SyntaxDiagnostic[];
}

/** The contents of a file or of a block: attributes and nested blocks in source order. */
export interface Body {
  items: BodyItem[];
  range: Range;
}

export type BodyItem = Attribute | Block;

/** `name = expression` */
export interface Attribute {
  kind: 'attribute';
  name: string;
  nameRange: Range;
  expr: Expression;
  /** From the first character of the name to the last character of the expression. */
  range: Range;
}

/** `type "label" label2 { ... }` */
export interface Block {
  kind: 'block';
  type: string;
  typeRange: Range;
  /** Label values, unquoted. */
  labels: string[];
  labelRanges: Range[];
  body: Body;
  /** The `{`. */
  openBraceRange: Range;
  /** The `}`; when missing (unterminated block), an empty range at the end of the text. */
  closeBraceRange: Range;
  /** From the type keyword to the closing brace inclusive. */
  range: Range;
}

export type Expression =
  | LiteralExpr
  | TemplateExpr
  | TupleExpr
  | ObjectExpr
  | VariableExpr
  | GetAttrExpr
  | IndexExpr
  | SplatExpr
  | CallExpr
  | ForExpr
  | ConditionalExpr
  | BinaryExpr
  | UnaryExpr
  | ParenExpr
  | InvalidExpr;

/** A number, `true`, `false` or `null`. (Quoted strings are templates.) */
export interface LiteralExpr {
  type: 'literal';
  value: string | number | boolean | null;
  range: Range;
}

/** A quoted string or a heredoc: text parts with `${...}` interpolations and `%{...}` directives. */
export interface TemplateExpr {
  type: 'template';
  parts: TemplatePart[];
  /** True for `<<EOT` / `<<-EOT` heredocs. */
  heredoc: boolean;
  range: Range;
}

export type TemplatePart =
  | { kind: 'text'; value: string; range: Range }
  | { kind: 'interpolation'; expr: Expression; range: Range }
  /** `%{if ...}`, `%{for ...}`, `%{else}`, `%{endif}`, `%{endfor}`: kept as raw text; evaluators treat templates with directives as unknown. */
  | { kind: 'directive'; text: string; range: Range };

/** `[a, b, c]` */
export interface TupleExpr {
  type: 'tuple';
  items: Expression[];
  range: Range;
}

/** `{ key = value, ... }`. A bare identifier key is given as a `literal` string expression, as HCL reads it. */
export interface ObjectExpr {
  type: 'object';
  items: ObjectItem[];
  range: Range;
}

export interface ObjectItem {
  key: Expression;
  value: Expression;
  range: Range;
}

/** A root name: `var`, `local`, `aws_vpc`, `each`, `count`, `path`, `module`, `data`, a `for` variable... */
export interface VariableExpr {
  type: 'variable';
  name: string;
  range: Range;
}

/** `object.name` */
export interface GetAttrExpr {
  type: 'getAttr';
  object: Expression;
  name: string;
  nameRange: Range;
  range: Range;
}

/** `object[key]` (also the legacy `object.0` form, with a number key). */
export interface IndexExpr {
  type: 'index';
  object: Expression;
  key: Expression;
  range: Range;
}

/** `object[*].a.b` (full) or `object.*.a.b` (attribute-only). `traversal` lists the names/keys applied to each element after the splat. */
export interface SplatExpr {
  type: 'splat';
  object: Expression;
  full: boolean;
  traversal: Array<{ kind: 'attr'; name: string } | { kind: 'index'; key: Expression }>;
  range: Range;
}

/** `name(args...)`, `provider::ns::name(args)`; `expandFinal` is the trailing `...`. */
export interface CallExpr {
  type: 'call';
  name: string;
  nameRange: Range;
  args: Expression[];
  expandFinal: boolean;
  range: Range;
}

/** `[for k, v in coll : expr if cond]` or `{for k, v in coll : keyExpr => valueExpr... if cond}` */
export interface ForExpr {
  type: 'for';
  /** The first variable when two are given (`k` in `for k, v in`), else undefined. */
  keyVar?: string;
  valueVar: string;
  collection: Expression;
  /** Only for object `for`. */
  keyExpr?: Expression;
  valueExpr: Expression;
  condition?: Expression;
  /** `...` after the value in an object `for`. */
  grouping: boolean;
  isObject: boolean;
  range: Range;
}

/** `cond ? a : b` */
export interface ConditionalExpr {
  type: 'conditional';
  condition: Expression;
  trueExpr: Expression;
  falseExpr: Expression;
  range: Range;
}

export type BinaryOperator = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';

export interface BinaryExpr {
  type: 'binary';
  op: BinaryOperator;
  left: Expression;
  right: Expression;
  range: Range;
}

export interface UnaryExpr {
  type: 'unary';
  op: '!' | '-';
  operand: Expression;
  range: Range;
}

/** `( expr )` */
export interface ParenExpr {
  type: 'paren';
  expr: Expression;
  range: Range;
}

/** Stands where the parser could not read an expression (a syntax error was recorded). */
export interface InvalidExpr {
  type: 'invalid';
  range: Range;
}
