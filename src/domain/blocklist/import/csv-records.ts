import { Readable } from 'node:stream';
import { CsvError, parse, type Options } from 'csv-parse';
import { ImportFileError } from './import-file-error.js';
import type { TextSource } from './import-row.js';

/** One CSV record with the line it starts on (1-based). Fields are as written, untrimmed. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** A single record may not exceed this many characters; a longer one is a broken file. */
export const maxCsvRecordSize = 1 << 20;

/**
 * Streams CSV records from `source` with csv-parse, one at a time, with the line each record
 * starts on. Blank lines are skipped. Stray quotes inside a field are kept as text
 * (`relax_quotes`), so one badly quoted row does not take the rest of the file with it; a quote
 * that is never closed does, and is an `ImportFileError`.
 *
 * Line numbers are counted here, from each record's raw text, because csv-parse's own
 * `info.lines` counts the CR and the LF of a CR LF inside a quoted field as two lines.
 * Records stream: csv-parse's buffer is bounded by backpressure, not by the file.
 */
export async function* readCsvRecords(source: TextSource, file: string): AsyncGenerator<CsvRecord> {
  // Counted as csv-parse emits each record (not as the consumer reads it), so that a parse
  // error can name the line its record starts on even when records are still buffered.
  let nextLine = 1;
  const options: Options = {
    bom: true,
    raw: true,
    relax_quotes: true,
    relax_column_count: true,
    record_delimiter: ['\r\n', '\n'],
    max_record_size: maxCsvRecordSize,
    // csv-parse's types do not model `raw: true`, which hands on_record `{ raw, record }`.
    on_record: ((item: unknown) => {
      const { raw, record } = item as { raw: string; record: string[] };
      const line = nextLine;
      // A record's raw text ends with its delimiter (csv-parse keeps only the CR of a CR LF);
      // every other LF in it is a line break inside a quoted field.
      nextLine += 1 + countLineFeeds(raw.replace(/\r?\n?$/, ''));
      return { line, fields: record };
    }) as unknown as Options['on_record'],
  };
  const parser = parse(options);
  const input = Readable.from(source);
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  try {
    for await (const record of parser as AsyncIterable<CsvRecord>) {
      if (record.fields.length === 1 && record.fields[0]?.trim() === '') continue;
      yield record;
    }
  } catch (error) {
    if (error instanceof CsvError) {
      throw new ImportFileError(file, nextLine, `${describeCsvError(error)}; nothing after this line can be read`);
    }
    throw error;
  } finally {
    input.unpipe(parser);
    input.destroy();
    parser.destroy();
  }
}

function countLineFeeds(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count += 1;
  return count;
}

function describeCsvError(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field starting here is never closed';
    case 'CSV_MAX_RECORD_SIZE':
      return `a record longer than ${maxCsvRecordSize} characters starts here (an unclosed quote?)`;
    default:
      return `malformed CSV (${error.code}: ${error.message})`;
  }
}
