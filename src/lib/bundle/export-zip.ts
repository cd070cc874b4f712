// A .zip written as it goes (fflate's streaming Zip): one entry at a time, each entry's
// bytes compressed and handed to the sink as they are pushed, so neither an entry nor
// the archive is ever whole in memory. Entries are written one after the other (fflate
// holds back the bytes of an entry started before the one before it ended).
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { ByteSink } from './export-output';

/** Deflate level of text entries (sheets, CSV): level 1 is several times faster than 6, and XML and CSV still shrink by about 85 %. */
const TEXT_LEVEL = 1;

export interface ZipEntry extends ByteSink {
  /** The entry is whole. */
  end(): Promise<void>;
}

export class ZipWriter {
  private readonly queue: Uint8Array[] = [];
  private failure: Error | null = null;
  private readonly zip: Zip;

  constructor(private readonly out: ByteSink) {
    this.zip = new Zip((error, data) => {
      if (error) this.failure = error;
      else this.queue.push(data);
    });
  }

  /** Hands what the zip has produced to the sink, in order. */
  private async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    while (this.queue.length > 0) await this.out.write(this.queue.shift()!);
  }

  /** A new entry: deflated text, or stored as it is (photos, video and nested archives are compressed already). */
  entry(name: string, compress: boolean): ZipEntry {
    const file = compress ? new ZipDeflate(name, { level: TEXT_LEVEL }) : new ZipPassThrough(name);
    this.zip.add(file);
    return {
      write: async (bytes) => {
        file.push(bytes);
        await this.drain();
      },
      end: async () => {
        file.push(new Uint8Array(0), true);
        await this.drain();
      },
    };
  }

  /** Writes the central directory: the archive is whole. */
  async end(): Promise<void> {
    this.zip.end();
    await this.drain();
  }
}
