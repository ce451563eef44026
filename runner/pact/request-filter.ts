/**
 * The request filter of a Pact verification (Pact JS runs it in its proxy, in front of the provider, for every request
 * the verifier sends): it puts the profile's credentials in place of the pact's placeholder, refuses to send a request
 * whose provider state was not reached (answering 412 itself, so no request with stale ids reaches the target), and,
 * for settlekit's own verification, records each exchange (redacted) for the report.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Redactor } from '../../lib/redact.ts';
import { decodeBody } from '../execute/decode.ts';
import type { RecordedRequest, RecordedResponse } from '../model/report.ts';
import { CREDENTIALS_PLACEHOLDER, STEP_HEADER } from './naming.ts';
import type { PactSession } from './state-setup.ts';

/** The request as Pact JS's proxy (express, with its body parsers) hands it to a request filter. */
export type FilterRequest = IncomingMessage & { body?: unknown; originalUrl?: string };

/** An express-style request handler, the shape of Pact JS's `requestFilter`. */
export type RequestFilter = (req: FilterRequest, res: ServerResponse, next: (error?: unknown) => void) => void;

/** The status the filter answers for a request whose provider state was not reached. */
export const STATE_NOT_REACHED_STATUS = 412;

/** One exchange the filter saw, redacted. */
export interface FilteredExchange {
  readonly request: RecordedRequest;
  readonly response?: RecordedResponse;
  readonly startedAt: string;
  readonly durationMs: number;
}

/** Options of {@link createRequestFilter}. */
export interface RequestFilterOptions {
  /** Where requests go (the provider base URL), for the recorded URL. */
  readonly baseUrl?: string;
  /** Called with each exchange, by step tag. */
  readonly record?: (tag: string, exchange: FilteredExchange) => void;
  readonly redactor?: Redactor;
  /** Pact JS's path for state set-up calls, which are not API requests. */
  readonly stateSetupPath?: string;
}

/** Builds the request filter of a session. */
export function createRequestFilter(session: PactSession, options: RequestFilterOptions = {}): RequestFilter {
  const setupPath = options.stateSetupPath ?? '/_pactSetup';
  return (req, res, next) => {
    const url = req.originalUrl ?? req.url ?? '/';
    if (url.split('?')[0] === setupPath) return next();
    const tag = headerValue(req, STEP_HEADER);
    const scenarioId = tag?.slice(0, tag.lastIndexOf('#'));
    if (req.headers.authorization === CREDENTIALS_PLACEHOLDER) {
      const basic = session.basicAuth(scenarioId);
      if (basic === undefined) delete req.headers.authorization;
      else req.headers.authorization = basic;
    }
    const outcome = tag === undefined ? undefined : session.outcomes.get(tag);
    if (outcome !== undefined && outcome.kind !== 'ready') {
      res.statusCode = STATE_NOT_REACHED_STATUS;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ settlekit: 'the provider state was not reached: the request was not sent to the provider', reason: outcome.message }));
      return;
    }
    if (tag !== undefined && options.record && options.redactor) recordExchange(req, res, url, tag, options as Required<Pick<RequestFilterOptions, 'record' | 'redactor'>> & RequestFilterOptions);
    next();
  };
}

/**
 * The body as the proxy forwards it: its body parsers leave raw bytes, a string, or a parsed JSON object (an empty one
 * when there was no body at all).
 */
function requestBody(body: unknown, contentLength: string | undefined): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  if (typeof body === 'string') return body;
  if (typeof body === 'object' && Object.keys(body).length === 0 && !contentLength) return undefined;
  return JSON.stringify(body);
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Watches the response Pact JS's proxy writes back, and records the exchange when it ends. */
function recordExchange(req: FilterRequest, res: ServerResponse, url: string, tag: string, options: Required<Pick<RequestFilterOptions, 'record' | 'redactor'>> & RequestFilterOptions): void {
  const { redactor } = options;
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const headers = Object.fromEntries(Object.entries(req.headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, Array.isArray(v) ? v.join(', ') : v]])));
  const body = requestBody(req.body, headers['content-length']);
  const request: RecordedRequest = {
    method: req.method ?? 'GET',
    url: redactor.url(`${options.baseUrl ?? ''}${url}`),
    headers: redactor.headers(headers),
    ...(body !== undefined && body !== '' ? { body: redactor.text(body) } : {}),
  };
  const chunks: Buffer[] = [];
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  const keep = (chunk: unknown, encoding?: unknown): void => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
  };
  res.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
    keep(chunk, encoding);
    return (write as (...args: unknown[]) => boolean)(chunk, encoding, callback);
  }) as ServerResponse['write'];
  res.end = ((chunk?: unknown, encoding?: unknown, callback?: unknown) => {
    keep(chunk, encoding);
    const bytes = Buffer.concat(chunks);
    const responseHeaders = Object.fromEntries(Object.entries(res.getHeaders()).flatMap(([k, v]) => (v === undefined ? [] : [[k, Array.isArray(v) ? v.join(', ') : String(v)]])));
    const decoded = decodeBody(bytes, responseHeaders['content-type']);
    options.record(tag, {
      request,
      response: {
        status: res.statusCode,
        headers: redactor.headers(responseHeaders),
        ...(bytes.length > 0 ? { body: redactor.text(decoded.text) } : {}),
        ...(decoded.value !== undefined && decoded.problem === undefined ? { decoded: redactor.value(decoded.value) } : {}),
        size: bytes.length,
      },
      startedAt,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
    });
    return (end as (...args: unknown[]) => ServerResponse)(chunk, encoding, callback);
  }) as ServerResponse['end'];
}
