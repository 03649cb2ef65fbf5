import { StringDecoder } from 'node:string_decoder';
import type { TextSource } from './import-row.js';

/** One line of text without its line break, or a line too long to keep. */
export type TextLine = { line: number; text: string } | { line: number; tooLong: true };

/** A line longer than this many characters is reported, not kept: memory stays bounded. */
export const maxLineLength = 1 << 20;

/**
 * Splits a stream of chunks into lines (LF or CR LF), decoding UTF-8 across chunk boundaries.
 * Holds at most one line in memory; a line over `maxLength` characters is skipped to its end and
 * yielded as `tooLong`.
 */
export async function* readTextLines(source: TextSource, maxLength = maxLineLength): AsyncGenerator<TextLine> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let tooLong = false;
  let line = 1;
  const finish = (text: string): TextLine => {
    const result: TextLine = tooLong ? { line, tooLong: true } : { line, text: text.replace(/\r$/, '') };
    tooLong = false;
    line += 1;
    return result;
  };
  for await (const chunk of source) {
    let text = pending + (typeof chunk === 'string' ? chunk : decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      yield finish(text.slice(start, end));
      start = end + 1;
    }
    pending = text.slice(start);
    text = '';
    if (pending.length > maxLength) {
      tooLong = true;
      pending = '';
    }
  }
  pending += decoder.end();
  if (pending !== '' || tooLong) yield finish(pending);
}
