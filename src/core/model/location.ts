/**
 * Where things are written: the location type and the header range of a block. Kept apart from the
 * body view and the override merge, which both need them, so neither imports the other.
 */
import type { Block, Range } from '../hcl/ast';

/** Where something is written. */
export interface SourceLocation {
  file: string;
  range: Range;
}

/** From a block's type keyword to the end of its last label: where "this block" findings point. */
export function headerRange(block: Block): Range {
  const end = block.labelRanges.length > 0 ? block.labelRanges[block.labelRanges.length - 1].end : block.typeRange.end;
  return { start: block.typeRange.start, end };
}
