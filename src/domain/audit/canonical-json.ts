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
      // Array.prototype.sort without a comparator orders strings by UTF-16 code units.
      const keys = Object.keys(record).sort();
      out += '{';
      let first = true;
      for (const key of keys) {
        const field = record[key];
        if (field === undefined) continue;
        out += first ? `${JSON.stringify(key)}:` : `,${JSON.stringify(key)}:`;
        first = false;
        out = append(out, field);
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonical JSON has no form for a value of type ${typeof value}`);
  }
}
