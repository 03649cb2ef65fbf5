/** Errors that mean "the database cannot be reached right now", not "the query is wrong". */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH'].includes(code)) return true;
      // SQLSTATE class 08 (connection exception), 57014 (statement timeout), 57P0x (server
      // shutting down), 53 (insufficient resources)
      if (/^08/.test(code) || code === '57014' || /^57P0/.test(code) || /^53/.test(code)) return true;
    }
    if (/timeout exceeded when trying to connect|Connection terminated|Query read timeout|connection timeout|Client has encountered a connection error|Cannot use a pool after calling end|PGlite is clos(ed|ing)|driver has already been destroyed/i.test(e.message)) {
      return true;
    }
  }
  return false;
}
