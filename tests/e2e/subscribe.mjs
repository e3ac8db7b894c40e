// Subscribes through the real graphql-ws client and prints what arrives, one JSON line each.
// Usage: node subscribe.mjs <ws-url> <cookie header or ""> <subscription document> <how many events>
// Prints "connected" once the server acknowledged the connection; exits 0 after the events, 1 on
// an error or after 30 seconds.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [url, cookie, query, count] = process.argv.slice(2);
const wanted = Number(count ?? 1);

class CookieWebSocket extends WebSocket {
  constructor(address, protocols) {
    super(address, protocols, { headers: cookie ? { Cookie: cookie } : {} });
  }
}

const client = createClient({
  url,
  webSocketImpl: CookieWebSocket,
  retryAttempts: 0,
  on: { connected: () => console.log('connected') },
});

const timer = setTimeout(() => { console.error('timed out'); process.exit(1); }, 30_000);
let received = 0;
client.subscribe({ query }, {
  next: (value) => {
    console.log(JSON.stringify(value));
    if (++received >= wanted) {
      clearTimeout(timer);
      client.dispose();
      process.exit(0);
    }
  },
  error: (error) => { console.error(JSON.stringify(error?.message ?? error)); process.exit(1); },
  complete: () => {},
});
