// Strings read from a file are slices of its text, and V8 keeps the whole text alive for each slice.
// A string kept beyond its file — a key of a cache shared by every file — is detached first.

/** `text` as a string of its own, not a slice keeping a larger string alive. */
export function detached(text: string): string {
  // Concatenated then cut: V8 flattens the pair into a new string of text.length + 1 characters.
  return (' ' + text).slice(1);
}
