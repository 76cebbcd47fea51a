/**
 * The web bundle's global `Buffer`: a Uint8Array with the conversions the core's Terraform functions
 * use (UTF-8, UTF-16LE, Latin-1, hex, Base64 and Base64URL; alloc, concat, swap16). esbuild injects it
 * into dist/web/ for free `Buffer` references (scripts/build.mjs); the Node bundles use Node's.
 */
type Encoding = 'utf8' | 'utf-8' | 'hex' | 'base64' | 'base64url' | 'latin1' | 'binary' | 'ascii' | 'utf16le' | 'ucs2';

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function fromBase64(text: string): Uint8Array {
  const clean = text
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .replace(/[^A-Za-z0-9+/]/g, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let index = 0;
  for (const char of clean) {
    value = (value << 6) | BASE64_ALPHABET.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[index++] = (value >> bits) & 0xff;
    }
  }
  return out.subarray(0, index);
}

function toBase64(bytes: Uint8Array, url: boolean): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = [(n >> 18) & 63, (n >> 12) & 63, (n >> 6) & 63, n & 63].map((c) => BASE64_ALPHABET[c]);
    const kept = i + 1 >= bytes.length ? 2 : i + 2 >= bytes.length ? 3 : 4;
    out += chars.slice(0, kept).join('') + (url ? '' : '='.repeat(4 - kept));
  }
  return url ? out.replace(/\+/g, '-').replace(/\//g, '_') : out;
}

function encode(text: string, encoding: Encoding): Uint8Array {
  switch (encoding) {
    case 'hex': {
      const out = new Uint8Array(Math.floor(text.length / 2));
      let i = 0;
      for (; i < out.length; i++) {
        const byte = parseInt(text.slice(i * 2, i * 2 + 2), 16);
        if (Number.isNaN(byte)) break;
        out[i] = byte;
      }
      return out.subarray(0, i);
    }
    case 'base64':
    case 'base64url':
      return fromBase64(text);
    case 'latin1':
    case 'binary':
    case 'ascii':
      return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
    case 'utf16le':
    case 'ucs2': {
      const out = new Uint8Array(text.length * 2);
      for (let i = 0; i < text.length; i++) {
        const unit = text.charCodeAt(i);
        out[i * 2] = unit & 0xff;
        out[i * 2 + 1] = unit >> 8;
      }
      return out;
    }
    default:
      return new TextEncoder().encode(text);
  }
}

/** Bytes with Node Buffer's conversions. */
export class WebBuffer extends Uint8Array {
  /** Swaps each pair of bytes in place (UTF-16 big-endian to little-endian). */
  swap16(): this {
    if (this.length % 2 !== 0) throw new RangeError('Buffer size must be a multiple of 16-bits');
    for (let i = 0; i < this.length; i += 2) {
      const first = this[i];
      this[i] = this[i + 1];
      this[i + 1] = first;
    }
    return this;
  }

  override toString(encoding: Encoding = 'utf8'): string {
    switch (encoding) {
      case 'hex':
        return Array.from(this, (b) => b.toString(16).padStart(2, '0')).join('');
      case 'base64':
        return toBase64(this, false);
      case 'base64url':
        return toBase64(this, true);
      case 'latin1':
      case 'binary':
      case 'ascii': {
        let out = '';
        for (const byte of this) out += String.fromCharCode(encoding === 'ascii' ? byte & 0x7f : byte);
        return out;
      }
      case 'utf16le':
      case 'ucs2': {
        let out = '';
        for (let i = 0; i + 1 < this.length; i += 2) out += String.fromCharCode(this[i] | (this[i + 1] << 8));
        return out;
      }
      default:
        return new TextDecoder('utf-8').decode(this);
    }
  }
}

/** Node's `Buffer` static functions, as far as the core uses them. */
export const Buffer = {
  from(value: string | ArrayLike<number>, encoding: Encoding = 'utf8'): WebBuffer {
    const bytes = typeof value === 'string' ? encode(value, encoding) : Uint8Array.from(value);
    const out = new WebBuffer(bytes.length);
    out.set(bytes);
    return out;
  },
  alloc(size: number): WebBuffer {
    return new WebBuffer(size);
  },
  concat(list: readonly Uint8Array[]): WebBuffer {
    const out = new WebBuffer(list.reduce((sum, part) => sum + part.length, 0));
    let offset = 0;
    for (const part of list) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  },
  isBuffer(value: unknown): value is WebBuffer {
    return value instanceof WebBuffer;
  },
};
