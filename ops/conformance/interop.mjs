// Interop check with the official TypeScript SDK client: initialize, list tools (all pages), write
// and read a file through Kafka, see a tool error as an error result, read the file as a resource
// (the filesystem worker's file:/// template), get a prompt, and receive progress notifications.
// Usage: node interop.mjs URL
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

const templates = await client.listResourceTemplates();
if (!templates.resourceTemplates.some((t) => t.uriTemplate === "file:///{+path}")) {
  fail(`resources/templates/list lacks file:///{+path}: ${JSON.stringify(templates)}`);
}
const resource = await client.readResource({ uri: "file:///interop/ts.txt" });
if (resource.contents[0]?.text !== text) fail(`resources/read returned ${JSON.stringify(resource)}`);

const prompt = await client.getPrompt({ name: "test_prompt_with_arguments", arguments: { arg1: "hello", arg2: "world" } });
if (!JSON.stringify(prompt.messages).includes("arg1='hello'")) fail(`prompts/get returned ${JSON.stringify(prompt)}`);

const progress = [];
const many = await client.callTool({ name: "file_read_many", arguments: { paths: ["interop/ts.txt", "interop/ts.txt", "interop/ts.txt"] } },
  undefined, { onprogress: (p) => progress.push(p.progress) });
if (many.isError) fail(`file_read_many failed: ${JSON.stringify(many.content)}`);
if (progress.join(",") !== "1,2,3") fail(`expected progress 1,2,3 from file_read_many, got [${progress}]`);

await client.close();
console.log(`interop (TypeScript SDK): ok — ${names.length} tools listed, file_write/file_read through Kafka, tool error seen, `
  + `file resource read, prompt got, progress ${progress.join(",")}`);
