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

/**
 * Appends every non-blank line of the files; `onProgress(bytes, lines)` after each chunk. `chunkBytes`
 * (4 MiB) is injectable so tests can put lines, and a CRLF, across chunk boundaries.
 */
export async function loadNdjson(
  store: PopulationStore,
  files: string[],
  onProgress?: (bytes: number, lines: number) => void,
  chunkBytes: number = CHUNK,
): Promise<{ lines: number }> {
  const appender = await store.appender(files.map((f) => basename(f)));
  let lines = 0;
  let bytes = 0;
  const append = (fileIndex: number, line: number, data: Buffer) => {
    let end = data.length;
    if (end > 0 && data[end - 1] === CR) end--; // CRLF (also when the CR ended the previous chunk)
    if (blank(data, 0, end)) return;
    appender.appendUInteger(fileIndex);
    appender.appendUInteger(line);
    appender.appendBlob(data.subarray(0, end));
    appender.endRow();
    lines++;
  };
  // two buffers: the next chunk is read (libuv thread) while this one is appended (main thread)
  const bufs = [Buffer.allocUnsafe(chunkBytes), Buffer.allocUnsafe(chunkBytes)];
  for (let fileIndex = 0; fileIndex < files.length; fileIndex++) {
    const fh = await open(files[fileIndex], 'r');
    try {
      let line = 0;
      // the pieces of the unfinished last line (copied: the buffer is read into again), joined once
      // when its '\n' comes: a line of many chunks is copied twice, not once per chunk
      let pieces: Buffer[] = [];
      let turn = 0;
      let pending = fh.read(bufs[0], 0, chunkBytes, null);
      for (;;) {
        const { bytesRead: n, buffer: buf } = await pending;
        turn ^= 1;
        if (n === 0) {
          // the file's last line, without '\n'
          if (pieces.length > 0) append(fileIndex, ++line, Buffer.concat(pieces));
          break;
        }
        pending = fh.read(bufs[turn], 0, chunkBytes, null);
        const data = buf.subarray(0, n);
        let start = 0;
        for (;;) {
          const nl = data.indexOf(NL, start);
          if (nl === -1) {
            if (start < n) pieces.push(Buffer.from(data.subarray(start)));
            break;
          }
          line++;
          if (pieces.length > 0) {
            pieces.push(data.subarray(start, nl));
            append(fileIndex, line, Buffer.concat(pieces));
            pieces = [];
          } else append(fileIndex, line, data.subarray(start, nl));
          start = nl + 1;
        }
        bytes += n;
        onProgress?.(bytes, lines);
      }
    } finally {
      await fh.close();
    }
  }
  appender.closeSync();
  onProgress?.(bytes, lines);
  return { lines };
}
