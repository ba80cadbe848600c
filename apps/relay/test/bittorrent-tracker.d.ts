/** @module test/bittorrent-tracker.d — the few types the tests use of bittorrent-tracker's server. */
declare module 'bittorrent-tracker/server' {
  import type { Server as HttpServer } from 'node:http';
  export default class Server {
    constructor(opts: { udp?: boolean; http?: boolean; ws?: boolean; stats?: boolean; interval?: number });
    http: HttpServer;
    listen(port: number, host: string, cb: () => void): void;
    close(cb: () => void): void;
    on(event: 'warning' | 'error', cb: (err: Error) => void): void;
  }
}
