// Runs the graphql-http server audits (GraphQL over HTTP specification) against a running EMage.
// Usage: node graphql-http-audit.mjs http://127.0.0.1:PORT/graphql
// Prints one JSON array of { name, status, reason } to stdout; the .NET test judges it.
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node graphql-http-audit.mjs <url>');
  process.exit(2);
}

const results = [];
for (const audit of serverAudits({ url, fetchFn: fetch })) {
  const result = await audit.fn();
  results.push({ name: audit.name, status: result.status, reason: result.reason ?? null });
}
process.stdout.write(JSON.stringify(results));
