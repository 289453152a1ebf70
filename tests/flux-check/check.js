#!/usr/bin/env node
// Checks Flux queries with InfluxData's own Flux language server (@influxdata/flux-lsp-node): syntax, string
// escapes, and the types and argument names of the built-in functions. It cannot run a query.
//
// stdin: a JSON array of query strings, or one query per line (a line that is a JSON string literal is decoded,
// so a multi-line query fits on one line). stdout: one JSON object per query, in input order:
//   {"index":0,"valid":true,"diagnostics":[],"strings":["lbc","lbc_region","overdue","2101"]}
//   {"index":1,"valid":false,"diagnostics":[{"line":1,"character":16,"severity":1,"message":"..."}],"strings":[]}
// "valid" is Flux.is_valid() (the semantic check); the diagnostics are what the language server publishes for
// the query opened as a document (lines and characters 0-based); "strings" are the values of the query's plain
// string literals as the parser decoded them, in source order (an escaping bug shows as a changed value, and
// an unintended "${...}" as a missing one, since that is a string expression). Exit code 0 when every query is valid and
// has no error diagnostic, 1 otherwise, 2 when the input cannot be read.
'use strict';

// The language server logs its start-up through console.info: keep stdout for the results and drop the chatter.
for (const name of ['log', 'info', 'debug']) {
  console[name] = () => {};
}
console.warn = (...args) => process.stderr.write(args.map(String).join(' ') + '\n');

const fs = require('fs');
const { Flux, Lsp } = require('@influxdata/flux-lsp-node');

function readQueries(text) {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    const parsed = JSON.parse(trimmed);
    if (!Array.isArray(parsed) || parsed.some((q) => typeof q !== 'string')) {
      throw new Error('expected a JSON array of strings');
    }
    return parsed;
  }
  return text.split(/\r?\n/).filter((line) => line.trim() !== '')
    .map((line) => (line.startsWith('"') ? JSON.parse(line) : line));
}

// The decoded values of the StringLiteral nodes of a parsed file, in source order.
function stringLiterals(ast) {
  const found = [];
  const visit = (node) => {
    if (Array.isArray(node)) {
      node.forEach(visit);
    } else if (node && typeof node === 'object') {
      if (node.type === 'StringLiteral' && typeof node.value === 'string') {
        found.push({ at: node.location ? node.location.start : { line: 0, column: 0 }, value: node.value });
      }
      for (const key of Object.keys(node)) {
        if (key !== 'location') {
          visit(node[key]);
        }
      }
    }
  };
  visit(ast);
  found.sort((a, b) => a.at.line - b.at.line || a.at.column - b.at.column);
  return found.map((s) => s.value);
}

async function main() {
  let queries;
  try {
    queries = readQueries(fs.readFileSync(0, 'utf8'));
  } catch (e) {
    process.stderr.write(`flux-check: cannot read the queries on stdin: ${e.message}\n`);
    return 2;
  }

  const lsp = new Lsp();
  const published = new Map();
  lsp.onMessage((message) => {
    const m = JSON.parse(message);
    if (m.method === 'textDocument/publishDiagnostics') {
      published.set(m.params.uri, m.params.diagnostics);
    }
  });
  lsp.run().catch((e) => process.stderr.write(`flux-check: language server stopped: ${e}\n`));
  await lsp.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
  await lsp.send(JSON.stringify({ jsonrpc: '2.0', method: 'initialized', params: {} }));

  let allValid = true;
  const lines = [];
  for (let i = 0; i < queries.length; i++) {
    const text = queries[i];
    const flux = new Flux(text);
    const valid = flux.is_valid();
    const strings = stringLiterals(flux.ast());
    flux.free();

    // One folder per document: the server treats the files of a folder as one package.
    const uri = `file:///query${i}/query.flux`;
    await lsp.send(JSON.stringify({
      jsonrpc: '2.0', method: 'textDocument/didOpen',
      params: { textDocument: { uri, languageId: 'flux', version: 1, text } },
    }));
    for (let wait = 0; !published.has(uri) && wait < 200; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const diagnostics = (published.get(uri) ?? []).map((d) => ({
      line: d.range.start.line, character: d.range.start.character, severity: d.severity, message: d.message,
    }));
    if (!published.has(uri)) {
      diagnostics.push({ line: 0, character: 0, severity: 1, message: 'flux-check: no diagnostics published for this query' });
    }
    if (!valid || diagnostics.some((d) => d.severity === 1)) {
      allValid = false;
    }
    lines.push(JSON.stringify({ index: i, valid, diagnostics, strings }) + '\n');
  }
  // Writes to a pipe are asynchronous: exit only once the results are out, or a reader gets a truncated list.
  await new Promise((resolve) => process.stdout.write(lines.join(''), resolve));
  return allValid ? 0 : 1;
}

main().then((code) => process.exit(code), (e) => {
  process.stderr.write(`flux-check: ${e && e.stack ? e.stack : e}\n`);
  process.exit(2);
});
