import { Client, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient } from 'graphql-ws';
import { lang } from './i18n';

/** A GraphQL error with its machine-readable extensions.code. */
export class ApiError extends Error {
  constructor(message: string, public readonly code: string) {
    super(message);
  }
}

const ws = createWsClient({
  url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
  lazy: true,
  retryAttempts: 5,
});

/** The one GraphQL client: urql over our GraphQL-over-HTTP endpoint, graphql-ws for subscriptions. */
export const client = new Client({
  url: '/graphql',
  preferGetMethod: false,
  fetchOptions: () => ({ credentials: 'same-origin', headers: { 'Accept-Language': lang() } }),
  exchanges: [
    fetchExchange,
    subscriptionExchange({
      forwardSubscription(request) {
        const input = { ...request, query: request.query || '' };
        return { subscribe: (sink) => ({ unsubscribe: ws.subscribe(input, sink) }) };
      },
    }),
  ],
});

function unwrap<T>(result: { data?: T; error?: { graphQLErrors: { message: string; extensions?: Record<string, unknown> }[]; networkError?: Error } }): T {
  if (result.error) {
    const first = result.error.graphQLErrors[0];
    if (first) throw new ApiError(first.message, String(first.extensions?.code ?? 'ERROR'));
    throw new ApiError(result.error.networkError?.message ?? 'Network error', 'NETWORK');
  }

  return result.data as T;
}

export async function query<T = any>(document: string, variables: Record<string, unknown> = {}): Promise<T> {
  return unwrap<T>(await client.query(document, variables, { requestPolicy: 'network-only' }).toPromise());
}

export async function mutate<T = any>(document: string, variables: Record<string, unknown> = {}): Promise<T> {
  return unwrap<T>(await client.mutation(document, variables).toPromise());
}

/** Runs a subscription; returns its stop function. */
export function subscribe<T = any>(document: string, onData: (data: T) => void): () => void {
  const { unsubscribe } = client.subscription(document, {}).subscribe((result) => {
    if (result.data) onData(result.data as T);
  });
  return unsubscribe;
}

/** Plain JSON over HTTP for the share recipient's endpoints (problem details on failure). */
export async function rest<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : {};
  if (!response.ok) {
    throw new ApiError(json.detail ?? json.title ?? response.statusText, String(json.code ?? response.status));
  }

  return json as T;
}

export interface Me {
  id: string;
  email: string;
  displayName: string;
  role: 'PATIENT' | 'PROFESSIONAL' | 'PLATFORM_ADMINISTRATOR' | 'AUDITOR';
  openingNotice: string;
}

export async function me(): Promise<Me | null> {
  try {
    return (await query<{ me: Me | null }>('{ me { id email displayName role openingNotice } }')).me;
  } catch {
    return null;
  }
}
