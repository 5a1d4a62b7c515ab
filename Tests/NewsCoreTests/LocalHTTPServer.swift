import Foundation
import XCTest

/// A real HTTP server on 127.0.0.1 for fetch tests: Python's http.server with
/// a small handler, on a free port, stopped when the test ends.
///
/// Routes: `/feed.xml` (ETag and Last-Modified, 304 when they match; `/bump`
/// changes its content), `/redirect` (302 to /feed.xml), `/missing` (404),
/// `/broken` (200 with a truncated feed), `/slow` (answers after 6 s),
/// `/busy` (503, Retry-After: 120), `/big` (2 MiB), `/ua.xml` (a feed titled
/// with the request's User-Agent), `/latin1.xml` (Windows-1252 via Content-Type).
struct ServerError: Error { var message: String }

final class LocalHTTPServer {
    let process = Process()
    let port: Int
    private let directory: URL

    var base: String { "http://127.0.0.1:\(port)" }

    static let script = #"""
    import sys, time, threading
    from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler

    state = {"version": 1}

    def feed(version, title="Lokalt flöde"):
        items = "".join(
            f"<item><title>Post {i} v{version if i == 0 else 1}</title><guid>p{i}</guid>"
            f"<pubDate>Tue, 14 Dec 2021 09:0{i}:00 GMT</pubDate><description>Text {i}</description></item>"
            for i in range(3))
        return f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{title}</title>{items}</channel></rss>'

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send(self, status, body=b"", headers=()):
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            path = self.path
            if path == "/feed.xml":
                etag = f'"v{state["version"]}"'
                modified = "Tue, 14 Dec 2021 09:00:00 GMT" if state["version"] == 1 else "Wed, 15 Dec 2021 09:00:00 GMT"
                if self.headers.get("If-None-Match") == etag or (
                        self.headers.get("If-None-Match") is None and self.headers.get("If-Modified-Since") == modified):
                    return self.send(304, headers=[("ETag", etag)])
                body = feed(state["version"]).encode("utf-8")
                return self.send(200, body, [("Content-Type", "application/rss+xml"), ("ETag", etag),
                                             ("Last-Modified", modified)])
            if path == "/bump":
                state["version"] += 1
                return self.send(200, b"ok")
            if path == "/redirect":
                return self.send(302, headers=[("Location", "/feed.xml")])
            if path == "/missing":
                return self.send(404, b"not here")
            if path == "/broken":
                body = feed(1).encode("utf-8")
                return self.send(200, body[: len(body) // 2], [("Content-Type", "text/xml")])
            if path == "/slow":
                time.sleep(6)
                return self.send(200, feed(1).encode("utf-8"))
            if path == "/busy":
                return self.send(503, b"busy", [("Retry-After", "120")])
            if path == "/big":
                return self.send(200, b"<rss>" + b" " * (2 << 20) + b"</rss>", [("Content-Type", "text/xml")])
            if path == "/ua.xml":
                ua = self.headers.get("User-Agent", "")
                return self.send(200, feed(1, ua).encode("utf-8"), [("Content-Type", "text/xml")])
            if path == "/latin1.xml":
                body = feed(1, "Räksmörgås").replace('encoding="UTF-8"', 'encoding="UTF-8"').encode("cp1252")
                return self.send(200, body, [("Content-Type", "text/xml; charset=windows-1252")])
            self.send(404, b"no route")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(sys.argv[1] + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    import os
    os.rename(sys.argv[1] + ".tmp", sys.argv[1])
    server.serve_forever()
    """#

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("newsreader-http-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let scriptFile = directory.appendingPathComponent("server.py")
        try Self.script.write(to: scriptFile, atomically: true, encoding: .utf8)
        let portFile = directory.appendingPathComponent("port")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", scriptFile.path, portFile.path]
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), let port = Int(text) {
                self.port = port
                return
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        process.terminate()
        throw ServerError(message: "python3 http.server did not start within 10 s")
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}
