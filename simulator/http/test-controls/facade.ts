/**
 * Test controls: routes that are part of no vendor API, under `/__settlekit/`, JSON in and out, no authentication.
 * Described by specs/test-controls.openapi.yaml.
 *
 * | request | operationId |
 * |---|---|
 * | `POST /__settlekit/clock/advance` `{days?, hours?, minutes?, seconds?, ms?}` | control.advanceClock |
 * | `GET /__settlekit/clock` | control.getClock |
 * | `POST /__settlekit/transactions/{id}/expire-authorization` | control.expireAuthorization |
 * | `POST /__settlekit/faults/next-request` `{status, count?, delayMs?, body?, contentType?, drop?}` | control.injectFault |
 * | `POST /__settlekit/reset` | control.reset |
 */
import { DAY_MS } from '../../ledger/clock.ts';
import { decodeUtf8, parseJson } from '../plumbing/body.ts';
import type { Facade, RequestContext, SimulatorContext } from '../plumbing/context.ts';
import type { Fault } from '../plumbing/faults.ts';
import { decodeSegment } from '../plumbing/request.ts';

/** The path prefix of every test control. */
export const CONTROL_PREFIX = '/__settlekit/';

const UNITS: Readonly<Record<string, number>> = { days: DAY_MS, hours: 3_600_000, minutes: 60_000, seconds: 1000, ms: 1 };

/** Builds the test-control façade. */
export function createTestControls(sim: SimulatorContext): Facade {
  return {
    name: 'test-controls',
    vendor: false,
    paths: [CONTROL_PREFIX],
    handle: (ctx) => handle(ctx, sim),
  };
}

async function handle(ctx: RequestContext, sim: SimulatorContext): Promise<void> {
  const path = ctx.pathname.slice(CONTROL_PREFIX.length - 1);
  const route = `${ctx.method} ${path}`;

  if (route === 'GET /clock') {
    ctx.sendJson(200, { now: sim.clock.now().toISOString() });
    return;
  }
  if (route === 'POST /clock/advance') {
    const body = await jsonObject(ctx);
    if (!body) return;
    let ms = 0;
    let any = false;
    for (const [key, value] of Object.entries(body)) {
      const unit = UNITS[key];
      if (unit === undefined) return problem(ctx, 400, 'unknownField', `Unknown field "${key}": use days, hours, minutes, seconds or ms`);
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
        return problem(ctx, 400, 'invalidValue', `"${key}" must be a non-negative integer`);
      }
      ms += value * unit;
      any = true;
    }
    if (!any) return problem(ctx, 400, 'emptyBody', 'Give at least one of days, hours, minutes, seconds, ms');
    if (!Number.isSafeInteger(ms)) return problem(ctx, 400, 'invalidValue', 'Advance too large');
    sim.clock.advance(ms);
    ctx.sendJson(200, { now: sim.clock.now().toISOString(), advancedMs: ms });
    return;
  }
  const expire = /^\/transactions\/([^/]+)\/expire-authorization$/.exec(path);
  // Decoded as every façade decodes a path segment: malformed escapes name no transaction (a 404 below, not a throw).
  const id = expire ? decodeSegment(expire[1] ?? '') : undefined;
  if (id !== undefined && ctx.method === 'POST') {
    const result = sim.ledger.braintree.expireAuthorization(id);
    if (!result.ok) return problem(ctx, result.kind === 'not-found' ? 404 : 409, result.kind === 'not-found' ? 'notFound' : 'conflict', result.message);
    ctx.sendJson(200, {
      id: result.transaction.id,
      status: result.transaction.status,
      authorizationExpiresAt: result.transaction.authorizationExpiresAt?.toISOString() ?? null,
    });
    return;
  }
  if (route === 'POST /faults/next-request') {
    const body = await jsonObject(ctx);
    if (!body) return;
    const fault = toFault(body);
    if (typeof fault === 'string') return problem(ctx, 400, 'invalidValue', fault);
    const count = body.count ?? 1;
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1 || count > 1000) {
      return problem(ctx, 400, 'invalidValue', '"count" must be an integer from 1 to 1000');
    }
    sim.faults.push(fault, count);
    ctx.sendJson(200, { queued: sim.faults.size });
    return;
  }
  if (route === 'POST /reset') {
    sim.reset();
    ctx.sendJson(200, { reset: true, now: sim.clock.now().toISOString() });
    return;
  }
  problem(ctx, 404, 'notFound', `No test control ${route}`);
}

const FAULT_KEYS = new Set(['status', 'count', 'delayMs', 'body', 'contentType', 'drop']);

function toFault(body: Record<string, unknown>): Fault | string {
  const unknown = Object.keys(body).find((key) => !FAULT_KEYS.has(key));
  if (unknown !== undefined) return `Unknown field "${unknown}": use status, count, delayMs, body, contentType or drop`;
  const { status, delayMs, body: raw, contentType, drop } = body;
  if (drop !== undefined && typeof drop !== 'boolean') return '"drop" must be a boolean';
  if (status === undefined && drop !== true) return '"status" is required (an integer 100–599) unless "drop" is true';
  if (status !== undefined && (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599)) {
    return '"status" must be an integer from 100 to 599';
  }
  if (delayMs !== undefined && (typeof delayMs !== 'number' || !Number.isInteger(delayMs) || delayMs < 0 || delayMs > 60_000)) {
    return '"delayMs" must be an integer from 0 to 60000';
  }
  if (raw !== undefined && typeof raw !== 'string') return '"body" must be a string';
  if (contentType !== undefined && typeof contentType !== 'string') return '"contentType" must be a string';
  return {
    status: typeof status === 'number' ? status : 500,
    ...(typeof raw === 'string' ? { body: raw } : {}),
    ...(typeof contentType === 'string' ? { contentType } : {}),
    ...(typeof delayMs === 'number' ? { delayMs } : {}),
    ...(drop === true ? { drop: true } : {}),
  };
}

/** Reads a JSON object body (an empty body counts as `{}`); answers 400 and returns `undefined` otherwise. */
async function jsonObject(ctx: RequestContext): Promise<Record<string, unknown> | undefined> {
  // Strictly decoded, as every façade's JSON: a lenient decode would turn broken bytes into U+FFFD and take the body.
  const text = decodeUtf8(await ctx.readBody());
  if (text === undefined) {
    problem(ctx, 400, 'bodyIsNotJson', 'The body is not JSON: it is not valid UTF-8');
    return undefined;
  }
  if (text.trim() === '') return {};
  const parsed = parseJson(text);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
    problem(ctx, 400, 'bodyIsNotJson', parsed.ok ? 'The body must be a JSON object' : `The body is not JSON: ${parsed.message}`);
    return undefined;
  }
  return parsed.value as Record<string, unknown>;
}

function problem(ctx: RequestContext, status: number, error: string, message: string): void {
  ctx.sendJson(status, { error, message });
}
