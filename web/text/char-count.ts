/** The length of a string as the server counts it: in characters (code points), not UTF-16 units. */
export function charCount(value: string): number {
  return [...value].length;
}
