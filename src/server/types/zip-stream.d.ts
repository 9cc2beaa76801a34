// zip-stream 4 (archiver's streaming core) ships no types: the part Kedang uses.
declare module 'zip-stream' {
  import { Transform, type Readable } from 'node:stream';
  export default class ZipStream extends Transform {
    constructor(options?: { zlib?: { level?: number }; forceZip64?: boolean; store?: boolean; comment?: string });
    /** One entry at a time: the next may start once `callback` ran. */
    entry(source: Buffer | string | Readable, data: { name: string; date?: Date }, callback: (error: Error | null) => void): this;
    finalize(): void;
  }
}
