/**
 * Hash and crypto functions. `uuid()` and `bcrypt()` are random (a new value each run) and so
 * unknown here by design; `rsadecrypt` decrypts RSA PKCS #1 v1.5 itself. The file hashes read
 * through the vetted reader of filesystem.ts.
 */
import * as crypto from 'crypto';
import { arity, asText, fail, Stop, str, type CallContext, type FunctionSpec } from './support';
import { readVetted } from './filesystem';
import type { Value } from '../values';

function hashFn(algorithm: string, encoding: 'hex' | 'base64'): FunctionSpec {
  return { fn: (args) => (arity(args, 1), str(crypto.createHash(algorithm).update(asText(args[0]), 'utf8').digest(encoding))) };
}

function fileHashFn(name: string, algorithm: string, encoding: 'hex' | 'base64'): FunctionSpec {
  return {
    fn: (args: Value[], context: CallContext) => {
      arity(args, 1);
      return str(
        crypto
          .createHash(algorithm)
          .update(readVetted(context, args[0], name).bytes)
          .digest(encoding),
      );
    },
  };
}

const NAMESPACES: Record<string, string> = {
  dns: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  url: '6ba7b811-9dad-11d1-80b4-00c04fd430c8',
  oid: '6ba7b812-9dad-11d1-80b4-00c04fd430c8',
  x500: '6ba7b814-9dad-11d1-80b4-00c04fd430c8',
};

function uuidv5(namespace: string, name: string): string {
  const ns = NAMESPACES[namespace] ?? namespace;
  if (!/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(ns))
    fail('uuidv5: the namespace is not a UUID or a known name');
  const hash = crypto
    .createHash('sha1')
    .update(Buffer.from(ns.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

const fromBase64Url = (text: string) => BigInt('0x' + (Buffer.from(text, 'base64url').toString('hex') || '0'));

/**
 * RSA PKCS #1 v1.5 decryption as Go's rsa.DecryptPKCS1v15 (Node refuses this padding for
 * privateDecrypt since the Marvin attack fixes, so the arithmetic is done here; timing does not
 * matter for a static checker).
 */
function rsaDecrypt(cipherBase64: string, pem: string): string {
  let jwk: crypto.JsonWebKey;
  try {
    jwk = crypto.createPrivateKey(pem).export({ format: 'jwk' });
  } catch (error) {
    // An unknown value (the browser build has no RSA) is not a bad key.
    if (error instanceof Stop) throw error;
    return fail('rsadecrypt: not a PEM RSA private key');
  }
  if (jwk.kty !== 'RSA' || !jwk.n || !jwk.d) fail('rsadecrypt: not an RSA private key');
  const n = fromBase64Url(jwk.n);
  const d = fromBase64Url(jwk.d);
  const size = Buffer.from(jwk.n, 'base64url').length;
  const cipher = Buffer.from(cipherBase64, 'base64');
  if (cipher.length !== size) fail('rsadecrypt: ciphertext length does not match the key');
  const c = BigInt('0x' + (cipher.toString('hex') || '0'));
  if (c >= n) fail('rsadecrypt: decryption error');
  const block = Buffer.from(
    modPow(c, d, n)
      .toString(16)
      .padStart(size * 2, '0'),
    'hex',
  );
  const end = block.indexOf(0, 2);
  if (block[0] !== 0 || block[1] !== 2 || end < 10) fail('rsadecrypt: decryption error');
  return utf8(block.subarray(end + 1));
}

function utf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('rsadecrypt: the plaintext is not UTF-8');
  }
}

/** Crypto functions by name. */
export const CRYPTO_FUNCTIONS: Record<string, FunctionSpec> = {
  md5: hashFn('md5', 'hex'),
  sha1: hashFn('sha1', 'hex'),
  sha256: hashFn('sha256', 'hex'),
  sha512: hashFn('sha512', 'hex'),
  base64sha256: hashFn('sha256', 'base64'),
  base64sha512: hashFn('sha512', 'base64'),
  filemd5: fileHashFn('filemd5', 'md5', 'hex'),
  filesha1: fileHashFn('filesha1', 'sha1', 'hex'),
  filesha256: fileHashFn('filesha256', 'sha256', 'hex'),
  filesha512: fileHashFn('filesha512', 'sha512', 'hex'),
  filebase64sha256: fileHashFn('filebase64sha256', 'sha256', 'base64'),
  filebase64sha512: fileHashFn('filebase64sha512', 'sha512', 'base64'),
  uuidv5: { fn: (args) => (arity(args, 2), str(uuidv5(asText(args[0], 'namespace'), asText(args[1], 'name')))) },
  uuid: {
    fn: (args) => {
      arity(args, 0);
      throw new Stop({ kind: 'unknown', reason: 'uuid() is random: a new value on every run' });
    },
  },
  bcrypt: {
    fn: (args) => {
      arity(args, 1, 2);
      asText(args[0]);
      throw new Stop({ kind: 'unknown', reason: 'bcrypt() uses a random salt: a new value on every run' });
    },
  },
  rsadecrypt: {
    fn: (args) => {
      arity(args, 2);
      return str(rsaDecrypt(asText(args[0], 'ciphertext'), asText(args[1], 'private key')));
    },
  },
};
