// A plain static file server on a loopback port, as a static host serves a built talkgen site:
// `dir/` answers with `dir/index.html`, `dir` (no slash) redirects to `dir/`, a missing file gets
// the site's 404.html with status 404, and text is gzip-compressed when the client accepts it
// (GitHub Pages, Netlify and S3+CloudFront all do). Node built-ins only, so every checker here
// (tests/html, tests/lighthouse, docs/gallery) can import it without installing anything.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import zlib from "node:zlib";

export const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".ics": "text/calendar; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".gif": "image/gif",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};
const COMPRESS = /^(text\/|application\/(json|xml)|image\/svg)/;

async function isFile(p) {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

/**
 * Serves `root` on 127.0.0.1 (any free port unless `port` is given).
 * Returns { base: "http://127.0.0.1:N", close(), requests } where `requests` lists
 * { url, status } of every request, for checks that want to know what was fetched.
 */
export async function serveStatic(root, { port = 0, gzip = true } = {}) {
  root = path.resolve(root);
  const requests = [];
  const server = createServer(async (req, res) => {
    const send = async (status, file, headers = {}) => {
      requests.push({ url: req.url, status });
      if (!file) {
        res.writeHead(status, headers);
        res.end();
        return;
      }
      let body = await readFile(file);
      const type = TYPES[path.extname(file).toLowerCase()] || "application/octet-stream";
      headers["content-type"] = type;
      headers["cache-control"] = "max-age=600";
      if (gzip && COMPRESS.test(type) && /\bgzip\b/.test(req.headers["accept-encoding"] || "")) {
        body = zlib.gzipSync(body);
        headers["content-encoding"] = "gzip";
        headers["vary"] = "Accept-Encoding";
      }
      headers["content-length"] = body.length;
      res.writeHead(status, headers);
      res.end(req.method === "HEAD" ? undefined : body);
    };
    try {
      const url = new URL(req.url, "http://x");
      const rel = decodeURIComponent(url.pathname);
      const file = path.join(root, rel);
      if (file !== root && !file.startsWith(root + path.sep)) return send(403);
      let st = null;
      try {
        st = await stat(file);
      } catch {}
      if (st && st.isDirectory()) {
        if (!rel.endsWith("/")) return send(301, null, { location: url.pathname + "/" + url.search });
        const index = path.join(file, "index.html");
        if (await isFile(index)) return send(200, index);
      } else if (st && st.isFile()) {
        return send(200, file);
      }
      const notFound = path.join(root, "404.html");
      if (await isFile(notFound)) return send(404, notFound);
      return send(404);
    } catch (e) {
      requests.push({ url: req.url, status: 500 });
      res.writeHead(500);
      res.end(String(e));
    }
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    base: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
