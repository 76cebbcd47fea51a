/**
 * Finds English prose left in a text meant to be Japanese: three or more English words in a row,
 * once the parts that stay English on purpose are removed (quoted error texts and values, code in
 * backticks, Terraform addresses and attributes, ARNs, AWS ids, action names, URLs).
 */
export function englishLeft(text: string): string[] {
  const stripped = text
    .replace(/"[^"]*"/g, ' ')
    .replace(/`[^`]*`/g, ' ')
    .replace(/「[^」]*」/g, ' ')
    .replace(/\bhttps?:\/\/\S+/g, ' ')
    .replace(/\S*[._:/=<>*\[\]{}$#@\\]\S*/g, ' ');
  const found: string[] = [];
  for (const m of stripped.matchAll(/\b[A-Za-z][a-z']+(?:[ ,]+[A-Za-z][a-z']+){2,}\b/g)) found.push(m[0]);
  return found;
}
