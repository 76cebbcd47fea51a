/**
 * The web bundle's `crypto`, `zlib` and `v8`: what the core needs from them that a browser cannot give
 * synchronously. Hashes, RSA keys and gzip end the Terraform function call as unknown (with the reason),
 * exactly as the core treats any value it cannot compute; the heap figure is 0, so in the browser the
 * analysis budget limits time only. scripts/build.mjs maps the three modules here for dist/web/ only.
 */
import { Stop } from '../../core/model/functions/support';

function unknownInBrowser(what: string): never {
  throw new Stop({ kind: 'unknown', reason: `${what} is not computed in the browser build` });
}

/** crypto.createHash: the hash functions' values are unknown in the browser. */
export function createHash(algorithm: string): never {
  return unknownInBrowser(`the ${algorithm} hash`);
}

/** crypto.createPrivateKey: rsadecrypt() is unknown in the browser. */
export function createPrivateKey(): never {
  return unknownInBrowser('RSA decryption');
}

/** zlib.gunzipSync: base64gunzip() is unknown in the browser. */
export function gunzipSync(): never {
  return unknownInBrowser('gzip decompression');
}

/** v8.getHeapStatistics: a browser worker does not report its heap; the memory budget does not apply there. */
export function getHeapStatistics(): { used_heap_size: number } {
  return { used_heap_size: 0 };
}
