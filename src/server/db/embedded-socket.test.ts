import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { embeddedUrl, SOCKET_PATH_MAX, socketDirFor } from './embedded.js';

describe('PLT-7 the embedded cluster is reached over its Unix socket', () => {
  it('PLT-7 the socket sits in the cluster directory when its path fits the kernel limit, else TCP', () => {
    expect(socketDirFor('/var/lib/kedang/clusters/abc/pg', 5432)).toBe('/var/lib/kedang/clusters/abc/pg');
    expect(socketDirFor('data/pg', 5432)).toBe(path.resolve('data/pg'));
    // exactly at the limit and one byte over (".s.PGSQL.5432" is 13 bytes, plus the separator)
    const at = '/' + 'd'.repeat(SOCKET_PATH_MAX - 1 - 14);
    expect(Buffer.byteLength(path.join(at, '.s.PGSQL.5432'))).toBe(SOCKET_PATH_MAX);
    expect(socketDirFor(at, 5432)).toBe(at);
    expect(socketDirFor(at + 'd', 5432)).toBeNull();
    expect(socketDirFor(at, 54321)).toBeNull(); // a longer port number lengthens the name
    // multi-byte names count in bytes, and a name unix_socket_directories would need quoted keeps TCP
    expect(socketDirFor('/srv/客档/pg', 5432)).toBeNull();
    expect(socketDirFor('/srv/a,b/pg', 5432)).toBeNull();
    expect(socketDirFor('/srv/a b/pg', 5432)).toBeNull();
  });

  it('PLT-7 the connection string names the socket directory (pg reads host from the query), TCP otherwise', async () => {
    const { parse } = await import('pg-connection-string');
    const viaSocket = parse(embeddedUrl('pw', 5555, 'kedang', '/var/lib/kedang/x/pg'));
    expect(viaSocket).toMatchObject({ host: '/var/lib/kedang/x/pg', port: '5555', user: 'kedang', password: 'pw', database: 'kedang' });
    expect(parse(embeddedUrl('pw', 5555, 'kedang', null))).toMatchObject({ host: '127.0.0.1', port: '5555', database: 'kedang' });
    // the test harness swaps the database in the path: the socket stays
    const u = new URL(embeddedUrl('pw', 5555, 'postgres', '/var/lib/kedang/x/pg'));
    u.pathname = '/other';
    expect(parse(u.toString())).toMatchObject({ host: '/var/lib/kedang/x/pg', database: 'other' });
  });
});
