// Reads a directory of Bulk Data NDJSON files into the store as raw lines: bytes split at '\n' in
// large chunks, each line appended with its file and line number and never decoded or parsed in JS.
// DuckDB then parses each line once, natively (store.ts index()): a bad or truncated line is reported
// with its file and line number and skipped; the rest is read.
import { readdirSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { PopulationStore } from './store';

export interface LineFailure {
  /** "<file>:<line>" */
  source: string;
  message: string;
}

export function ndjsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => /\.ndjson$/i.test(n))
    .sort()
    .map((n) => join(dir, n))
    .filter((p) => statSync(p).isFile());
}

const CHUNK = 4 << 20;
const NL = 0x0a;
const CR = 0x0d;

/** Whitespace only (JSON's four): such a line is skipped, as an empty one. */
function blank(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const b = buf[i];
    if (b !== 0x20 && b !== 0x09 && b !== CR && b !== NL) return false;
  }
  return true;
}

/** Appends every non-blank line of the files; `onProgress(bytes, lines)` after each chunk. */
export async function loadNdjson(store: PopulationStore, files: string[], onProgress?: (bytes: number, lines: number) => void): Promise<{ lines: number }> {
  const appender = await store.appender(files.map((f) => basename(f)));
  let lines = 0;
  let bytes = 0;
  // two buffers: the next chunk is read (libuv thread) while this one is appended (main thread)
  const bufs = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
  for (let fileIndex = 0; fileIndex < files.length; fileIndex++) {
    const fh = await open(files[fileIndex], 'r');
    try {
      let line = 0;
      // the unfinished last line of the previous chunk
      let carry: Buffer | undefined;
      let turn = 0;
      let pending = fh.read(bufs[0], 0, CHUNK, null);
      for (;;) {
        const { bytesRead: n, buffer: buf } = await pending;
        turn ^= 1;
        if (n > 0) pending = fh.read(bufs[turn], 0, CHUNK, null);
        const data = carry ? (n > 0 ? Buffer.concat([carry, buf.subarray(0, n)]) : carry) : buf.subarray(0, n);
        carry = undefined;
        if (data.length === 0) break;
        let start = 0;
        for (;;) {
          let nl = data.indexOf(NL, start);
          if (nl === -1) {
            if (n > 0) break; // more to read: keep the rest for the next chunk
            nl = data.length; // the file's last line, without '\n'
          }
          line++;
          let end = nl;
          if (end > start && data[end - 1] === CR) end--; // CRLF
          if (!blank(data, start, end)) {
            appender.appendUSmallInt(fileIndex);
            appender.appendUInteger(line);
            appender.appendBlob(data.subarray(start, end));
            appender.endRow();
            lines++;
          }
          start = nl + 1;
          if (start >= data.length) break;
        }
        // copied: the buffer is read into again while the next one is appended
        if (start < data.length) carry = Buffer.from(data.subarray(start));
        bytes += n;
        onProgress?.(bytes, lines);
        if (n === 0) break;
      }
    } finally {
      await fh.close();
    }
  }
  appender.closeSync();
  onProgress?.(bytes, lines);
  return { lines };
}
