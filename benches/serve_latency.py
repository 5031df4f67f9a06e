#!/usr/bin/env python3
"""Save-to-served latency of `talkgen serve` on a large site.

Generates a synthetic site (benches/gen_site.py) unless --site is given, starts
`talkgen serve`, then repeatedly edits one talk's abstract and polls that talk's page until the
new text is served. Latency = from just before the file write to the first response that has
the new text. Prints every edit, the median, and the server's own log lines; for contrast it
also times one full rebuild (an edit of conference.yaml).

usage: benches/serve_latency.py [--talks 20000] [--site DIR] [--edits 9]
                                [--bin target/release/talkgen]
Build first: cargo build --release
"""
import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--talks", type=int, default=20000)
    ap.add_argument("--site")
    ap.add_argument("--edits", type=int, default=9)
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "target", "release", "talkgen"))
    args = ap.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="talkgen-latency-")
    site = args.site
    if not site:
        site = os.path.join(tmp.name, "site")
        t = time.perf_counter()
        subprocess.run([sys.executable, os.path.join(HERE, "gen_site.py"), site, str(args.talks)],
                       check=True)
        print(f"generated in {time.perf_counter() - t:.1f}s")

    proc = subprocess.Popen([args.bin, "serve", "--root", site, "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    log = []
    port_box = {}
    ready = threading.Event()

    def reader():
        for line in proc.stdout:
            log.append(line.rstrip())
            m = re.search(r"at http://127\.0\.0\.1:(\d+)/", line)
            if m:
                port_box["port"] = int(m.group(1))
                ready.set()

    threading.Thread(target=reader, daemon=True).start()
    t = time.perf_counter()
    if not ready.wait(600):
        sys.exit("serve did not start")
    print(f"initial build and start: {time.perf_counter() - t:.1f}s ({log[0] if log else ''})")
    port = port_box["port"]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def get(path):
        nonlocal conn
        try:
            conn.request("GET", path)
            r = conn.getresponse()
            return r.status, r.read().decode("utf-8", "replace")
        except (http.client.HTTPException, OSError):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            return 0, ""

    def builds():
        return json.loads(get("/__talkgen/status")[1])["builds"]

    def edit_and_wait(path, old, new, page, marker):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        assert old in text, (path, old)
        before = builds()
        t0 = time.perf_counter()
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace(old, new, 1))
        while True:
            status, body = get(page)
            if status == 200 and marker in body:
                break
            if time.perf_counter() - t0 > 600:
                sys.exit("the edit never showed up")
        elapsed = time.perf_counter() - t0
        while builds() <= before:  # let the build finish counting before the next edit
            time.sleep(0.01)
        return elapsed

    n = args.talks
    latencies = []
    for i in range(args.edits):
        talk = (i * 7919) % n
        path = os.path.join(site, "content", "talks", f"talk-{talk}.md")
        marker = f"latency-marker-{i}-{time.time_ns()}"
        with open(path, encoding="utf-8") as f:
            body = f.read().split("---\n", 2)[2]
        first_line = body.splitlines()[0]
        ms = 1000 * edit_and_wait(path, first_line, marker + " " + first_line,
                                  f"/talks/talk-{talk}/", marker)
        latencies.append(ms)
        print(f"edit {i + 1}: talk-{talk} abstract served after {ms:.0f} ms   [{log[-1]}]")
        time.sleep(0.3)

    print(f"median save-to-served latency over {len(latencies)} edits: "
          f"{statistics.median(latencies):.0f} ms (min {min(latencies):.0f}, "
          f"max {max(latencies):.0f})")

    conf = os.path.join(site, "content", "conference.yaml")
    with open(conf, encoding="utf-8") as f:
        has_name = "name: Synthetic Conf" in f.read()
    marker = f"Conf {time.time_ns()}"
    if has_name:
        ms = 1000 * edit_and_wait(conf, "name: Synthetic Conf", f"name: {marker}", "/", marker)
        print(f"for contrast, a full rebuild (conference.yaml edit): {ms:.0f} ms   [{log[-1]}]")

    proc.send_signal(2)
    t = time.perf_counter()
    proc.wait(900)
    print(f"stopped (preview folder removed) in {time.perf_counter() - t:.1f}s")
    if not args.site:
        tmp.cleanup()


if __name__ == "__main__":
    main()
