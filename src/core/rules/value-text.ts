/**
 * How rules print values in messages. A value read by `file()`/`templatefile()` is named by where
 * it came from ("the image from file("defs.json")"), a sensitive one as "(sensitive)"; the text
 * itself never appears. The engine also redacts any remembered marked text (values.ts) from every
 * message, as a second line of defence.
 */
import { marksOf, type Value } from '../model/values';

/** `text` (how the value would be printed) unless the value is sensitive or was read from a file. */
export function messageText(value: Value | undefined, text: string, what = 'value'): string {
  const marks = marksOf(value);
  if (marks?.sensitive) return '(sensitive)';
  if (marks?.file !== undefined) return `the ${what} from ${marks.file}`;
  return text;
}

/** True when the value may not be printed (sensitive, or read from a file). */
export function isUnprintable(value: Value | undefined): boolean {
  const marks = marksOf(value);
  return !!marks && (marks.sensitive === true || marks.file !== undefined);
}
