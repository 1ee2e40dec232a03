// Interop check with the official TypeScript SDK client: initialize, list tools (all pages), write
// and read a file through Kafka, and see a tool error as an error result. Usage: node interop.mjs URL
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const url = new URL(process.argv[2]);
const fail = (message) => { console.error(`interop (TypeScript SDK): ${message}`); process.exit(1); };

const client = new Client({ name: "zen-interop-ts", version: "1.0.0" });
await client.connect(new StreamableHTTPClientTransport(url));

const names = [];
let cursor;
do {
  const page = await client.listTools(cursor ? { cursor } : {});
  names.push(...page.tools.map((t) => t.name));
  cursor = page.nextCursor;
} while (cursor);
for (const expected of ["file_read", "file_write", "test_simple_text"]) {
  if (!names.includes(expected)) fail(`tools/list lacks ${expected}: ${names.join(", ")}`);
}

const text = `written by the TypeScript SDK at ${new Date().toISOString()}`;
const write = await client.callTool({ name: "file_write", arguments: { path: "interop/ts.txt", content: text } });
if (write.isError) fail(`file_write failed: ${JSON.stringify(write.content)}`);
const read = await client.callTool({ name: "file_read", arguments: { path: "interop/ts.txt" } });
if (read.isError || read.content[0].text !== text) fail(`file_read returned ${JSON.stringify(read)}`);
if (read.structuredContent?.content !== text) fail(`structuredContent missing: ${JSON.stringify(read)}`);
const error = await client.callTool({ name: "test_error_handling", arguments: {} });
if (error.isError !== true) fail(`test_error_handling was not an error result: ${JSON.stringify(error)}`);

await client.close();
console.log(`interop (TypeScript SDK): ok — ${names.length} tools listed, file_write/file_read through Kafka, tool error seen`);
