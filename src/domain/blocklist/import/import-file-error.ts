import { DomainError } from '../../errors.js';

/**
 * A whole file cannot be imported: a CSV header with unknown or missing columns, or a quote
 * left open so that nothing after it can be read. Bad rows are not errors (they are reported
 * as rejected rows); this is thrown because going on would silently drop every row after the
 * fault, and a `replace` import would then remove those entries from the list.
 */
export class ImportFileError extends DomainError {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    message: string,
  ) {
    super('REQUEST_INVALID', line === undefined ? `${file}: ${message}` : `${file} line ${line}: ${message}`, {
      file,
      ...(line === undefined ? {} : { line }),
    });
    this.name = 'ImportFileError';
  }
}
