/**
 * Hash and crypto functions. `uuid()` and `bcrypt()` are random (a new value each run) and so
 * unknown here by design; `rsadecrypt` uses Node's RSA PKCS #1 v1.5 decryption where the runtime
 * allows it, else unknown. The file hashes read through the vetted reader of filesystem.ts.
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
      return str(crypto.createHash(algorithm).update(readVetted(context, args[0], name).bytes).digest(encoding));
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
  if (!/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(ns)) fail('uuidv5: the namespace is not a UUID or a known name');
  const hash = crypto.createHash('sha1').update(Buffer.from(ns.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
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
      const cipher = asText(args[0], 'ciphertext');
      const key = asText(args[1], 'private key');
      let plain: Buffer;
      try {
        plain = crypto.privateDecrypt({ key, padding: crypto.constants.RSA_PKCS1_PADDING }, Buffer.from(cipher, 'base64'));
      } catch {
        throw new Stop({ kind: 'unknown', reason: 'rsadecrypt() could not be evaluated here' });
      }
      return str(plain.toString('utf8'));
    },
  },
};
