/**
 * Opening a target (runner/target/open-target.ts): the reachability check connects to each origin and lets go at
 * once, whatever the other side does with a half-closed connection; a target URL with credentials is refused without
 * showing them.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SettlekitError } from '../../lib/errors.ts';
import { assertReachable, checkTargetUrl } from '../../runner/target/open-target.ts';

const tcpSockets = (): number => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

let server: Server | undefined;
const accepted: Socket[] = [];
afterEach(async () => {
  for (const socket of accepted.splice(0)) socket.destroy();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

describe('assertReachable', () => {
  it('closes its connection as soon as it is made, even to a server that keeps half-closed connections open', async () => {
    // allowHalfOpen: the server never answers the client's FIN, as some proxies and load balancers do.
    server = createServer({ allowHalfOpen: true }, (socket) => accepted.push(socket));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const before = tcpSockets();
    await assertReachable([`http://127.0.0.1:${port}`]);
    await turn();
    await turn();
    expect(accepted).toHaveLength(1);
    // Only the server's own end of the connection is left (the client's waited for the server's FIN, 3 s).
    expect(tcpSockets()).toBe(before + 1);
  });

  it('is a one-line error for a port nobody listens on', async () => {
    server = createServer();
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    await expect(assertReachable([`http://127.0.0.1:${port}/base`])).rejects.toThrow(new SettlekitError('SETTLEKIT_E_TARGET_UNREACHABLE', `cannot reach http://127.0.0.1:${port}: connection refused`));
  });
});

describe('checkTargetUrl', () => {
  it('refuses credentials in the URL without printing them', () => {
    expect(() => checkTargetUrl('http://user:hunter2secret@127.0.0.1:8080')).toThrow(/carries credentials \("http:\/\/\*\*\*@127\.0\.0\.1:8080"\)/);
    expect(() => checkTargetUrl('ftp://127.0.0.1')).toThrow(SettlekitError);
  });
});
