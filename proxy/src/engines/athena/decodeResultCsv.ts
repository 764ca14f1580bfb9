/**
 * Streaming decoder for Athena's result CSV (`<OutputLocation>/<QueryID>.csv`,
 * docs/reference-athena.md#result-csv-format).
 *
 * Athena writes a header row, then one record per row: comma-delimited, `"`-quoted with doubled quotes inside, and
 * every non-null value quoted. SQL NULL is an *unquoted* empty field (`,,`) and '' is a quoted empty field (`,"",`);
 * common CSV parsers collapse the two (PyAthena docs/null_handling.rst), which is why this decoder exists. Quoted
 * values may contain commas, quotes, CR and LF. Input arrives in arbitrary chunks (any byte boundary), so all state
 * survives between chunks and nothing buffers more than the current record.
 */

/** One decoded record: text exactly as Athena printed it, `null` for SQL NULL. */
export type CsvRow = (string | null)[];

/** Incremental decoder: feed text with {@link push}, then call {@link end} once; both return completed records. */
export class ResultCsvDecoder {
  private field = '';
  private fieldQuoted = false;
  private inQuotes = false;
  /** A `"` ended the previous chunk inside quotes: the next character decides between `""` and a closing quote. */
  private quotePending = false;
  /** The previous chunk ended with CR outside quotes; a following LF belongs to the same line break. */
  private skipLineFeed = false;
  private row: CsvRow = [];
  private rows: CsvRow[] = [];

  push(text: string): CsvRow[] {
    let i = 0;
    const length = text.length;
    if (this.quotePending && length > 0) {
      this.quotePending = false;
      if (text.charCodeAt(0) === QUOTE) {
        this.field += '"';
        i = 1;
      } else {
        this.inQuotes = false;
      }
    }
    while (i < length) {
      if (this.inQuotes) {
        const quote = text.indexOf('"', i);
        if (quote < 0) {
          this.field += text.slice(i);
          break;
        }
        this.field += text.slice(i, quote);
        i = quote + 1;
        if (i === length) {
          this.quotePending = true;
        } else if (text.charCodeAt(i) === QUOTE) {
          this.field += '"';
          i += 1;
        } else {
          this.inQuotes = false;
        }
        continue;
      }
      const code = text.charCodeAt(i);
      if (this.skipLineFeed) {
        this.skipLineFeed = false;
        if (code === LF) {
          i += 1;
          continue;
        }
      }
      if (code === COMMA) {
        this.endField();
        i += 1;
      } else if (code === LF || code === CR) {
        this.endField();
        this.endRow();
        this.skipLineFeed = code === CR;
        i += 1;
      } else if (code === QUOTE && this.field === '' && !this.fieldQuoted) {
        this.inQuotes = true;
        this.fieldQuoted = true;
        i += 1;
      } else {
        i = this.takeUnquoted(text, i);
      }
    }
    return this.drain();
  }

  /** Flushes the last record (Athena ends the file with a line break, but a missing one is tolerated). */
  end(): CsvRow[] {
    if (this.inQuotes && !this.quotePending) throw new Error('The result CSV ends inside a quoted value.');
    this.inQuotes = false;
    this.quotePending = false;
    if (this.row.length > 0 || this.field !== '' || this.fieldQuoted) {
      this.endField();
      this.endRow();
    }
    return this.drain();
  }

  /** Unquoted text runs to the next delimiter; Athena only writes it for NULL, but other writers may not quote. */
  private takeUnquoted(text: string, start: number): number {
    let i = start;
    while (i < text.length) {
      const code = text.charCodeAt(i);
      if (code === COMMA || code === LF || code === CR) break;
      i += 1;
    }
    this.field += text.slice(start, i);
    return i;
  }

  private endField(): void {
    this.row.push(this.fieldQuoted || this.field !== '' ? this.field : null);
    this.field = '';
    this.fieldQuoted = false;
  }

  private endRow(): void {
    this.rows.push(this.row);
    this.row = [];
  }

  private drain(): CsvRow[] {
    const out = this.rows;
    this.rows = [];
    return out;
  }
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Decodes a result CSV from a byte (or text) stream, yielding the records completed by each chunk (header first).
 * The consumer may stop early: breaking out of the loop returns the generator, which ends the source iteration.
 */
export async function* decodeResultCsv(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<CsvRow[]> {
  const decoder = new ResultCsvDecoder();
  const utf8 = new TextDecoder('utf-8');
  for await (const chunk of source) {
    const rows = decoder.push(typeof chunk === 'string' ? chunk : utf8.decode(chunk, { stream: true }));
    if (rows.length > 0) yield rows;
  }
  const rest = decoder.push(utf8.decode());
  const last = rest.concat(decoder.end());
  if (last.length > 0) yield last;
}
