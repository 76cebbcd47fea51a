/** Mocha glue: one moto server per `describe` block, started before its tests and stopped (by pid) after. */
import { MotoServer, startMotoServer } from './motoServer';

/** Registers before/after hooks in the calling `describe`; the returned getter gives the running server. */
export function useMotoServer(): () => MotoServer {
  let server: MotoServer | null = null;
  before(async function () {
    // A cold moto with the managed IAM policies loaded takes a few seconds on a small machine.
    this.timeout(60000);
    server = await startMotoServer();
  });
  after(async function () {
    this.timeout(15000);
    await server?.stop();
    server = null;
  });
  return () => {
    if (!server) throw new Error('moto_server is not running (the before hook failed)');
    return server;
  };
}
