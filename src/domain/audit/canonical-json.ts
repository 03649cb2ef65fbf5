/**
 * Canonical JSON in the manner of RFC 8785 (JCS): object keys sorted by UTF-16 code
 * units, no whitespace, numbers and strings as ECMAScript serialises them. The same
 * value always yields the same text, so it can be hashed.
 *
 * Written into one growing string: every decision is serialised this way two or three
 * times (its request hash, its sealed PII, its chain hash), so it avoids the per-object
 * arrays (entries, mapped parts, joins) a shorter version would make.
 */
export function canonicalJson(value: unknown): string {
  return append('', value);
}

/**
 * A value already written as canonical JSON, to be placed as it is: a record whose
 * parts are also stored on their own (the decision log's JSON columns) is serialised
 * once, its parts first.
 */
export class CanonicalText {
  constructor(readonly text: string) {}
}

function append(out: string, value: unknown): string {
  if (value === null) return `${out}null`;
  switch (typeof value) {
    case 'string':
      return out + JSON.stringify(value);
    case 'boolean':
      return out + (value ? 'true' : 'false');
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON has no form for a non-finite number');
      return out + JSON.stringify(value);
    case 'object': {
      if (value instanceof CanonicalText) return out + value.text;
      if (value instanceof Date) return out + JSON.stringify(value.toISOString());
      if (Array.isArray(value)) {
        out += '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          out = append(out, value[i]);
        }
        return `${out}]`;
      }
      const record = value as Record<string, unknown>;
      const keys = sortedKeys(record);
      out += '{';
      let first = true;
      for (const key of keys) {
        const field = record[key];
        if (field === undefined) continue;
        out += first ? keyPrefix(key) : `,${keyPrefix(key)}`;
        first = false;
        out = append(out, field);
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonical JSON has no form for a value of type ${typeof value}`);
  }
}

/**
 * The object's keys by UTF-16 code units (what `<` on strings and Array.prototype.sort
 * without a comparator both use). Objects here have a few dozen keys at most, and an
 * insertion sort in place makes no garbage, where the built-in sort copies the array.
 */
function sortedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  if (keys.length > 32) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

/** `"key":` for each key seen, kept: records share a few hundred keys, written millions of times. */
const keyPrefixes = new Map<string, string>();

function keyPrefix(key: string): string {
  let prefix = keyPrefixes.get(key);
  if (prefix === undefined) {
    prefix = `${JSON.stringify(key)}:`;
    if (keyPrefixes.size >= 10_000) keyPrefixes.clear(); // keys from input (attributes) must not grow it without bound
    keyPrefixes.set(key, prefix);
  }
  return prefix;
}
