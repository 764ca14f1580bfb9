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
    let i = this.resolvePendingQuote(text);
    while (i < text.length) i = this.inQuotes ? this.takeQuoted(text, i) : this.takeOutsideQuotes(text, i);
    return this.drain();
  }

  /** A `"` that ended the previous chunk inside quotes is either half of `""` or the closing quote. */
  private resolvePendingQuote(text: string): number {
    if (!this.quotePending || text.length === 0) return 0;
    this.quotePending = false;
    if (text.charCodeAt(0) === QUOTE) {
      this.field += '"';
      return 1;
    }
    this.inQuotes = false;
    return 0;
  }

  /** Quoted text runs to the next `"`, which is a doubled quote or the closing one; returns where to go on. */
  private takeQuoted(text: string, start: number): number {
    const quote = text.indexOf('"', start);
    if (quote < 0) {
      this.field += text.slice(start);
      return text.length;
    }
    this.field += text.slice(start, quote);
    const next = quote + 1;
    if (next === text.length) {
      this.quotePending = true;
      return next;
    }
    if (text.charCodeAt(next) === QUOTE) {
      this.field += '"';
      return next + 1;
    }
    this.inQuotes = false;
    return next;
  }

  /** One delimiter, line break or opening quote, or a run of unquoted text; returns where to go on. */
  private takeOutsideQuotes(text: string, i: number): number {
    const code = text.charCodeAt(i);
    if (this.skipLineFeed) {
      this.skipLineFeed = false;
      if (code === LF) return i + 1;
    }
    if (code === COMMA) {
      this.endField();
      return i + 1;
    }
    if (code === LF || code === CR) {
      this.endField();
      this.endRow();
      this.skipLineFeed = code === CR;
      return i + 1;
    }
    if (code === QUOTE && this.field === '' && !this.fieldQuoted) {
      this.inQuotes = true;
      this.fieldQuoted = true;
      return i + 1;
    }
    return this.takeUnquoted(text, i);
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
