/**
 * The web bundle's `zlib` and `v8`: what the core needs from them that a browser cannot give
 * synchronously. gzip (`base64gunzip()`) ends the Terraform function call as unknown (with the reason),
 * exactly as the core treats any value it cannot compute; the heap figure is 0, so in the browser the
 * analysis budget limits time only. scripts/build.mjs maps both modules here for dist/web/ only.
 */
import { Stop } from '../../core/model/functions/support';

function unknownInBrowser(what: string): never {
  throw new Stop({ kind: 'unknown', reason: `${what} is not computed in the browser build` });
}

/** zlib.gunzipSync: base64gunzip() is unknown in the browser. */
export function gunzipSync(): never {
  return unknownInBrowser('gzip decompression');
}

/** v8.getHeapStatistics: a browser worker does not report its heap; the memory budget does not apply there. */
export function getHeapStatistics(): { used_heap_size: number } {
  return { used_heap_size: 0 };
}
