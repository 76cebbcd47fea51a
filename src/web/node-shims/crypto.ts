/**
 * The web bundle's `crypto`: the digests Terraform's hash functions need (md5, sha1, sha256, sha512 for
 * `md5()`, `sha1()`, `sha256()`, `base64sha256()`, `sha512()`, `filesha*()`, `uuidv5()`), computed
 * synchronously in plain JavaScript because the browser's SubtleCrypto only answers asynchronously.
 * RSA keys (`rsadecrypt()`) stay unknown in the browser. scripts/build.mjs maps `crypto` here for dist/web/.
 */
import { Stop } from '../../core/model/functions/support';
import { Buffer, type WebBuffer } from './buffer';

type Digest = (bytes: Uint8Array) => Uint8Array;

/** Message padding shared by MD5 and the SHA family: 0x80, zeros, the bit length (little- or big-endian). */
function pad(bytes: Uint8Array, blockBytes: number, lengthBytes: number, littleEndian: boolean): Uint8Array {
  const total = Math.ceil((bytes.length + 1 + lengthBytes) / blockBytes) * blockBytes;
  const out = new Uint8Array(total);
  out.set(bytes);
  out[bytes.length] = 0x80;
  let bits = BigInt(bytes.length) * 8n;
  for (let i = 0; i < 8; i++) {
    out[littleEndian ? total - lengthBytes + i : total - 1 - i] = Number(bits & 0xffn);
    bits >>= 8n;
  }
  return out;
}

const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));
const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

const MD5_S = [
  7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11,
  16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
];
const MD5_K = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0);

const md5: Digest = (input) => {
  const data = pad(input, 64, 8, true);
  const view = new DataView(data.buffer);
  let [a0, b0, c0, d0] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
  for (let offset = 0; offset < data.length; offset += 64) {
    let [a, b, c, d] = [a0, b0, c0, d0];
    for (let i = 0; i < 64; i++) {
      let f: number;
      let g: number;
      if (i < 16) [f, g] = [(b & c) | (~b & d), i];
      else if (i < 32) [f, g] = [(d & b) | (~d & c), (5 * i + 1) % 16];
      else if (i < 48) [f, g] = [b ^ c ^ d, (3 * i + 5) % 16];
      else [f, g] = [c ^ (b | ~d), (7 * i) % 16];
      const next = (a + f + MD5_K[i] + view.getUint32(offset + g * 4, true)) | 0;
      [a, d, c] = [d, c, b];
      b = (b + rotl(next, MD5_S[i])) | 0;
    }
    [a0, b0, c0, d0] = [(a0 + a) | 0, (b0 + b) | 0, (c0 + c) | 0, (d0 + d) | 0];
  }
  const out = new DataView(new ArrayBuffer(16));
  [a0, b0, c0, d0].forEach((word, i) => out.setUint32(i * 4, word, true));
  return new Uint8Array(out.buffer);
};

const sha1: Digest = (input) => {
  const data = pad(input, 64, 8, false);
  const view = new DataView(data.buffer);
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  const w = new Int32Array(80);
  for (let offset = 0; offset < data.length; offset += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getInt32(offset + i * 4);
    for (let i = 16; i < 80; i++) w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    let [a, b, c, d, e] = h;
    for (let i = 0; i < 80; i++) {
      const [f, k] =
        i < 20
          ? [(b & c) | (~b & d), 0x5a827999]
          : i < 40
            ? [b ^ c ^ d, 0x6ed9eba1]
            : i < 60
              ? [(b & c) | (b & d) | (c & d), 0x8f1bbcdc]
              : [b ^ c ^ d, 0xca62c1d6];
      const t = (rotl(a, 5) + f + e + k + w[i]) | 0;
      [e, d, c, b, a] = [d, c, rotl(b, 30), a, t];
    }
    [a, b, c, d, e].forEach((v, i) => (h[i] = (h[i] + v) | 0));
  }
  const out = new DataView(new ArrayBuffer(20));
  h.forEach((word, i) => out.setInt32(i * 4, word));
  return new Uint8Array(out.buffer);
};

const SHA256_K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be,
  0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
  0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
  0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
  0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
  0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

const sha256: Digest = (input) => {
  const data = pad(input, 64, 8, false);
  const view = new DataView(data.buffer);
  const h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
  const w = new Int32Array(64);
  for (let offset = 0; offset < data.length; offset += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getInt32(offset + i * 4);
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + SHA256_K[i] + w[i]) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      [hh, g, f, e, d, c, b, a] = [g, f, e, (d + t1) | 0, c, b, a, (t1 + t2) | 0];
    }
    [a, b, c, d, e, f, g, hh].forEach((v, i) => (h[i] = (h[i] + v) | 0));
  }
  const out = new DataView(new ArrayBuffer(32));
  h.forEach((word, i) => out.setInt32(i * 4, word));
  return new Uint8Array(out.buffer);
};

/** SHA-512's round constants: the first 64 bits of the fractional parts of the cube roots of the first 80 primes. */
const SHA512_K = (() => {
  const primes: number[] = [];
  for (let n = 2; primes.length < 80; n++) if (primes.every((p) => n % p !== 0)) primes.push(n);
  return primes.map((p) => fractionBits(p, 3));
})();
const SHA512_H = [2, 3, 5, 7, 11, 13, 17, 19].map((p) => fractionBits(p, 2));

/** The first 64 bits of the fractional part of the `root`-th root of `n`, exactly (integer root of n·2^(64·root)). */
function fractionBits(n: number, root: number): bigint {
  const scaled = BigInt(n) << BigInt(64 * root);
  // Newton's method on integers for floor(scaled^(1/root)).
  let x = 1n << BigInt(Math.ceil((scaled.toString(2).length + root - 1) / root));
  for (;;) {
    const next = ((BigInt(root) - 1n) * x + scaled / x ** BigInt(root - 1)) / BigInt(root);
    if (next >= x) break;
    x = next;
  }
  while (x ** BigInt(root) > scaled) x -= 1n;
  return x & ((1n << 64n) - 1n);
}

const MASK64 = (1n << 64n) - 1n;
const rotr64 = (x: bigint, n: bigint) => ((x >> n) | (x << (64n - n))) & MASK64;

const sha512: Digest = (input) => {
  const data = pad(input, 128, 16, false);
  const view = new DataView(data.buffer);
  const h = [...SHA512_H];
  const w: bigint[] = new Array(80);
  for (let offset = 0; offset < data.length; offset += 128) {
    for (let i = 0; i < 16; i++) w[i] = view.getBigUint64(offset + i * 8);
    for (let i = 16; i < 80; i++) {
      const s0 = rotr64(w[i - 15], 1n) ^ rotr64(w[i - 15], 8n) ^ (w[i - 15] >> 7n);
      const s1 = rotr64(w[i - 2], 19n) ^ rotr64(w[i - 2], 61n) ^ (w[i - 2] >> 6n);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) & MASK64;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 80; i++) {
      const t1 = (hh + (rotr64(e, 14n) ^ rotr64(e, 18n) ^ rotr64(e, 41n)) + ((e & f) ^ (~e & MASK64 & g)) + SHA512_K[i] + w[i]) & MASK64;
      const t2 = ((rotr64(a, 28n) ^ rotr64(a, 34n) ^ rotr64(a, 39n)) + ((a & b) ^ (a & c) ^ (b & c))) & MASK64;
      [hh, g, f, e, d, c, b, a] = [g, f, e, (d + t1) & MASK64, c, b, a, (t1 + t2) & MASK64];
    }
    [a, b, c, d, e, f, g, hh].forEach((v, i) => (h[i] = (h[i] + v) & MASK64));
  }
  const out = new DataView(new ArrayBuffer(64));
  h.forEach((word, i) => out.setBigUint64(i * 8, word));
  return new Uint8Array(out.buffer);
};

const DIGESTS: Record<string, Digest> = { md5, sha1, sha256, sha512 };

/** A hash in Node's shape: update() with text or bytes, then digest() as bytes, hex or Base64. */
class Hash {
  private readonly parts: Uint8Array[] = [];
  constructor(private readonly digestOf: Digest) {}

  update(data: string | Uint8Array, encoding: 'utf8' | 'hex' | 'base64' = 'utf8'): this {
    this.parts.push(typeof data === 'string' ? Buffer.from(data, encoding) : data);
    return this;
  }

  digest(): WebBuffer;
  digest(encoding: 'hex' | 'base64'): string;
  digest(encoding?: 'hex' | 'base64'): WebBuffer | string {
    const bytes = Buffer.from(this.digestOf(Buffer.concat(this.parts)));
    return encoding ? bytes.toString(encoding) : bytes;
  }
}

/** crypto.createHash for md5, sha1, sha256 and sha512; any other algorithm is unknown in the browser. */
export function createHash(algorithm: string): Hash {
  const digest = DIGESTS[algorithm.toLowerCase()];
  if (!digest) throw new Stop({ kind: 'unknown', reason: `the ${algorithm} hash is not computed in the browser build` });
  return new Hash(digest);
}

/** crypto.createPrivateKey: rsadecrypt() is unknown in the browser. */
export function createPrivateKey(): never {
  throw new Stop({ kind: 'unknown', reason: 'RSA decryption is not computed in the browser build' });
}
