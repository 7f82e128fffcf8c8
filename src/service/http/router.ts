/**
 * A small route table: "GET /v1/payments/:id" patterns matched segment by segment. An
 * unknown path is a 404; a known path with another method is a 405 with the Allow header.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ServiceRequestError } from '../service-errors';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
}

export interface Route {
  method: 'GET' | 'POST';
  /** Segments; ":name" captures one segment. */
  path: string;
  /** Open routes need no token (the health check, the customer display). */
  open?: boolean;
  handle(ctx: RouteContext): Promise<void> | void;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  const segments = splitPath(path);
  const allowed: string[] = [];
  for (const route of routes) {
    const params = matchPath(splitPath(route.path), segments);
    if (!params) continue;
    if (route.method === method || (method === 'HEAD' && route.method === 'GET')) {
      return { route, params };
    }
    allowed.push(route.method);
  }
  if (allowed.length > 0) {
    throw new ServiceRequestError(
      'HTTP_METHOD_NOT_ALLOWED',
      `${method} is not allowed on ${path}: use ${[...new Set(allowed)].join(' or ')}`,
      { details: { allow: [...new Set(allowed)].join(', ') } },
    );
  }
  throw new ServiceRequestError(
    'HTTP_NOT_FOUND',
    `No such address: ${path} (docs/http-api.md lists them)`,
  );
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function matchPath(pattern: string[], segments: string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i].startsWith(':')) {
      let value: string;
      try {
        value = decodeURIComponent(segments[i]);
      } catch {
        return undefined;
      }
      params[pattern[i].slice(1)] = value;
    } else if (pattern[i] !== segments[i]) {
      return undefined;
    }
  }
  return params;
}
