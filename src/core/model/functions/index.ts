/**
 * Terraform's built-in functions, as Terraform 1.11 and OpenTofu document them, grouped by family
 * in the files beside this one. A call never throws: an argument that is not known yet gives an
 * unknown result (unless the function knows its answer anyway, such as `length` of a list with
 * unknown elements), and what Terraform would reject gives an unknown marked as an error, so
 * `try()` and `can()` behave as in Terraform. Functions whose answer depends on the clock, on chance
 * or on the machine (`timestamp`, `uuid`, `bcrypt`…) are unknown by design. Values read from files
 * and sensitive values carry marks (values.ts) that every result derived from them keeps.
 */
import type { Expression } from '../../hcl/ast';
import type { ModuleInstance } from '../config';
import type { Scope } from '../evaluator';
import { fromPlain, marksOf, rememberMarkedTexts, unionMarks, withMarks, type ValueMarks, type Value } from '../values';
import { COLLECTION_FUNCTIONS } from './collections';
import { CRYPTO_FUNCTIONS } from './crypto';
import { DATETIME_FUNCTIONS } from './datetime';
import { ENCODING_FUNCTIONS } from './encoding';
import { FILESYSTEM_FUNCTIONS } from './filesystem';
import { IPNET_FUNCTIONS } from './ipnet';
import { NUMERIC_FUNCTIONS } from './numeric';
import { STRING_FUNCTIONS } from './strings';
import { Stop, type FunctionSpec } from './support';
import { TERRAFORM_PROVIDER_FUNCTIONS } from './terraform';
import { TYPECONV_FUNCTIONS } from './typeconv';

const FUNCTIONS: Record<string, FunctionSpec> = {
  ...NUMERIC_FUNCTIONS,
  ...STRING_FUNCTIONS,
  ...COLLECTION_FUNCTIONS,
  ...ENCODING_FUNCTIONS,
  ...FILESYSTEM_FUNCTIONS,
  ...DATETIME_FUNCTIONS,
  ...CRYPTO_FUNCTIONS,
  ...IPNET_FUNCTIONS,
  ...TYPECONV_FUNCTIONS,
};

/**
 * Every function Terraform 1.11 documents (and OpenTofu's additions, last line), by family. Each
 * has an implementation; those in `OUTSIDE_WORLD` return unknown on purpose.
 */
export const DOCUMENTED_FUNCTIONS: Record<string, string[]> = {
  numeric: ['abs', 'ceil', 'floor', 'log', 'max', 'min', 'parseint', 'pow', 'signum'],
  string: [
    'chomp',
    'endswith',
    'format',
    'formatlist',
    'indent',
    'join',
    'lower',
    'regex',
    'regexall',
    'replace',
    'split',
    'startswith',
    'strcontains',
    'strrev',
    'substr',
    'templatestring',
    'title',
    'trim',
    'trimprefix',
    'trimsuffix',
    'trimspace',
    'upper',
  ],
  collection: [
    'alltrue',
    'anytrue',
    'chunklist',
    'coalesce',
    'coalescelist',
    'compact',
    'concat',
    'contains',
    'distinct',
    'element',
    'flatten',
    'index',
    'keys',
    'length',
    'lookup',
    'matchkeys',
    'merge',
    'one',
    'range',
    'reverse',
    'setintersection',
    'setproduct',
    'setsubtract',
    'setunion',
    'slice',
    'sort',
    'sum',
    'transpose',
    'values',
    'zipmap',
  ],
  encoding: [
    'base64decode',
    'base64encode',
    'base64gzip',
    'csvdecode',
    'jsondecode',
    'jsonencode',
    'textdecodebase64',
    'textencodebase64',
    'urlencode',
    'yamldecode',
    'yamlencode',
  ],
  filesystem: ['abspath', 'dirname', 'pathexpand', 'basename', 'file', 'fileexists', 'fileset', 'filebase64', 'templatefile'],
  datetime: ['formatdate', 'plantimestamp', 'timeadd', 'timecmp', 'timestamp'],
  crypto: [
    'base64sha256',
    'base64sha512',
    'bcrypt',
    'filebase64sha256',
    'filebase64sha512',
    'filemd5',
    'filesha1',
    'filesha256',
    'filesha512',
    'md5',
    'rsadecrypt',
    'sha1',
    'sha256',
    'sha512',
    'uuid',
    'uuidv5',
  ],
  ipnet: ['cidrhost', 'cidrnetmask', 'cidrsubnet', 'cidrsubnets'],
  typeconv: [
    'can',
    'ephemeralasnull',
    'issensitive',
    'nonsensitive',
    'sensitive',
    'tobool',
    'tolist',
    'tomap',
    'tonumber',
    'toset',
    'tostring',
    'try',
    'type',
  ],
  'terraform provider': ['provider::terraform::encode_tfvars', 'provider::terraform::decode_tfvars', 'provider::terraform::encode_expr'],
  opentofu: ['base64gunzip', 'cidrcontains', 'urldecode'],
};

/** Functions whose result depends on the clock, chance, the machine or the console: always unknown here. */
export const OUTSIDE_WORLD = new Set(['timestamp', 'plantimestamp', 'uuid', 'bcrypt', 'type']);

/** The names of the functions the checker implements. */
export function implementedFunctions(): string[] {
  return [...Object.keys(FUNCTIONS), ...Object.keys(TERRAFORM_PROVIDER_FUNCTIONS).map((n) => `provider::terraform::${n}`)].sort();
}

/**
 * Calls a Terraform function by name. Never throws. `provider::…` functions and names Terraform
 * does not have give unknown (the latter marked as an error). `scope` is the scope of the call,
 * which `templatefile` and `templatestring` render in.
 */
export function callFunction(name: string, args: Value[], module: ModuleInstance, argExprs: Expression[], scope?: Scope): Value {
  let spec: FunctionSpec | undefined;
  if (name.includes('::')) {
    const builtin = /^provider::terraform::(\w+)$/.exec(name)?.[1];
    spec =
      builtin !== undefined && Object.prototype.hasOwnProperty.call(TERRAFORM_PROVIDER_FUNCTIONS, builtin)
        ? TERRAFORM_PROVIDER_FUNCTIONS[builtin]
        : undefined;
    if (!spec) return { kind: 'unknown', reason: `${name}() is a provider function the checker does not evaluate` };
  } else spec = Object.prototype.hasOwnProperty.call(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  if (!spec) return { kind: 'unknown', reason: `${name}() is not a Terraform function`, error: true };
  let marks: ValueMarks | undefined;
  if (!spec.ownMarks) for (const arg of args) marks = unionMarks(marks, marksOf(arg));
  if (!spec.allowUnknown) {
    for (const arg of args) {
      if (arg.kind === 'unknown')
        return withMarks(arg.error ? { kind: 'unknown', reason: arg.reason, error: true } : { kind: 'unknown', reason: arg.reason }, marks);
      if (arg.kind === 'ref' && !spec.passRefs)
        return withMarks({ kind: 'unknown', reason: `${name}() of ${arg.target.address}.${arg.attribute}, known only after apply` }, marks);
    }
  }
  let result: Value;
  try {
    result = spec.fn(args, { name, module, argExprs, scope });
  } catch (error) {
    result = error instanceof Stop ? error.value : { kind: 'unknown', reason: `${name}() could not be evaluated`, error: true };
  }
  if (!marks) return result;
  const marked = withMarks(result, marks);
  rememberMarkedTexts(module.configuration, marked);
  return marked;
}

/** Re-exported for readers of JSON documents. */
export { fromPlain };
