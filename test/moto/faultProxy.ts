/**
 * A loopback HTTP proxy in front of moto_server that injects the faults a real account and network produce, so the
 * real SDK clients (their protocols, error parsing and retries) and the check's handling of them run end to end:
 * - throttling, with each protocol's own error: EC2 query `RequestLimitExceeded` (HTTP 503), IAM query `Throttling`
 *   (400), JSON 1.1 `ThrottlingException` (400) for ECS, ECR, KMS, Secrets Manager and SSM;
 * - access denied: EC2 `UnauthorizedOperation` (403), IAM `AccessDenied` (403), JSON `AccessDeniedException` (400);
 * - a connection reset before any answer;
 * - a slow answer (moto's answer, held back).
 * A request is named by the service of its SigV4 credential scope and its operation (`Action=` of a query body, the
 * `X-Amz-Target` of a JSON request). Everything else is forwarded to moto unchanged. Only 127.0.0.1 is used.
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the proxy does to one matching request. */
export type Fault = { kind: 'throttle' } | { kind: 'deny' } | { kind: 'reset' } | { kind: 'slow'; delayMs: number };

/** A fault for one operation of one service (the SigV4 service name: ec2, ecs, iam, ecr, kms, secretsmanager, ssm). */
export interface FaultRule {
  service: string;
  operation: string;
  fault: Fault;
  /** How many matching requests get the fault (then they pass); default every one. */
  times?: number;
}

/** One request the proxy saw. */
export interface SeenRequest {
  service: string;
  operation: string;
  /** The fault it got, or null when it was forwarded untouched. */
  fault: Fault['kind'] | null;
}

/** A running proxy. */
export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: the endpoint URL to give the SDK. */
  endpoint: string;
  /** Replaces the fault rules (and forgets the requests seen). */
  setFaults(rules: FaultRule[]): void;
  /** Every request since the last `setFaults`, in arrival order. */
  seen(): SeenRequest[];
  /** Closes the listener and every open connection (a held-back answer included). */
  close(): Promise<void>;
}

const queryProtocolServices = new Set(['ec2', 'iam', 'sts']);

function serviceOf(request: http.IncomingMessage): string {
  const authorization = String(request.headers.authorization ?? '');
  return /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(authorization)?.[1] ?? 'unknown';
}

function operationOf(request: http.IncomingMessage, body: Buffer): string {
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string') return target.slice(target.lastIndexOf('.') + 1);
  return new URLSearchParams(body.toString('utf8')).get('Action') ?? 'unknown';
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The HTTP status, headers and body AWS answers a throttled or denied call with, in the service's protocol. */
export function awsErrorResponse(
  service: string,
  operation: string,
  kind: 'throttle' | 'deny',
): { status: number; headers: Record<string, string>; body: string } {
  const requestId = randomUUID();
  const action = `${service}:${operation}`;
  if (service === 'ec2') {
    const [status, code, message] =
      kind === 'throttle'
        ? [503, 'RequestLimitExceeded', 'Request limit exceeded.']
        : [
            403,
            'UnauthorizedOperation',
            `You are not authorized to perform this operation. User: arn:aws:iam::123456789012:user/checker is not authorized to perform: ${action}`,
          ];
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
    return { status, headers: { 'content-type': 'text/xml;charset=UTF-8' }, body };
  }
  if (queryProtocolServices.has(service)) {
    const [status, code, message] =
      kind === 'throttle'
        ? [400, 'Throttling', 'Rate exceeded']
        : [403, 'AccessDenied', `User: arn:aws:iam::123456789012:user/checker is not authorized to perform: ${action}`];
    const body = `<ErrorResponse xmlns="https://${service}.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
    return { status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
  }
  const [type, message] =
    kind === 'throttle'
      ? ['ThrottlingException', 'Rate exceeded']
      : [
          'AccessDeniedException',
          `User: arn:aws:iam::123456789012:user/checker is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
        ];
  return {
    status: 400,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId },
    body: JSON.stringify({ __type: type, message }),
  };
}

/** Starts the proxy on a free loopback port, forwarding to `upstream` (moto's `http://127.0.0.1:<port>`). */
export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  if (target.hostname !== '127.0.0.1') throw new Error(`the fault proxy only forwards to 127.0.0.1, not ${target.hostname}`);
  let rules: Array<FaultRule & { used: number }> = [];
  let seen: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const forward = (request: http.IncomingMessage, body: Buffer, response: http.ServerResponse, delayMs: number) => {
    const upstreamRequest = http.request(
      { host: target.hostname, port: Number(target.port), method: request.method, path: request.url, headers: request.headers },
      (upstreamResponse) => {
        const chunks: Buffer[] = [];
        upstreamResponse.on('data', (chunk: Buffer) => chunks.push(chunk));
        upstreamResponse.on('end', () => {
          const send = () => {
            timers.delete(timer);
            if (response.destroyed) return;
            response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
            response.end(Buffer.concat(chunks));
          };
          const timer = setTimeout(send, delayMs);
          timers.add(timer);
        });
      },
    );
    upstreamRequest.on('error', () => {
      if (!response.headersSent && !response.destroyed) response.writeHead(502).end();
    });
    upstreamRequest.end(body);
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const service = serviceOf(request);
      const operation = operationOf(request, body);
      const rule = rules.find(
        (item) => item.service === service && item.operation === operation && (item.times === undefined || item.used < item.times),
      );
      if (rule) rule.used += 1;
      const fault = rule?.fault ?? null;
      seen.push({ service, operation, fault: fault?.kind ?? null });
      if (!fault) return forward(request, body, response, 0);
      if (fault.kind === 'reset') return request.socket.destroy();
      if (fault.kind === 'slow') return forward(request, body, response, fault.delayMs);
      const answer = awsErrorResponse(service, operation, fault.kind);
      response.writeHead(answer.status, { ...answer.headers, 'content-length': String(Buffer.byteLength(answer.body)) });
      response.end(answer.body);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    setFaults(next) {
      rules = next.map((rule) => ({ ...rule, used: 0 }));
      seen = [];
    },
    seen: () => [...seen],
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
