#!/usr/bin/env python3
"""IDE proof: start a real C# language server (csharp-ls) on a restored project, open one file, and wait until the
server reports the expected MLSEC diagnostics for it, pushed (textDocument/publishDiagnostics) or pulled
(textDocument/diagnostic).

usage: lsp_diagnostics.py SERVER_EXE PROJECT_DIR FILE EXPECTED_IDS [TIMEOUT_SECONDS]
  EXPECTED_IDS: comma-separated, e.g. MLSEC001,MLSEC003 (each must be reported at least once for FILE)
Exit 0 when every expected id was reported, 1 otherwise. csharp-ls runs analyzers only when the client answers its
workspace/configuration request with analyzersEnabled: true, which this client does.
"""
import json
import os
import pathlib
import queue
import subprocess
import sys
import threading
import time


def main() -> int:
    if len(sys.argv) < 5:
        print(__doc__)
        return 2
    server, project_dir, file_path, expected = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    timeout = float(sys.argv[5]) if len(sys.argv) > 5 else 240.0
    expected_ids = {e.strip() for e in expected.split(",") if e.strip()}
    project_dir = os.path.abspath(project_dir)
    file_uri = pathlib.Path(os.path.abspath(file_path)).as_uri()
    settings = {"csharp": {"analyzersEnabled": True, "logLevel": "warning"}}

    proc = subprocess.Popen([server], cwd=project_dir, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    messages: "queue.Queue[dict]" = queue.Queue()

    def reader() -> None:
        stream = proc.stdout
        while True:
            headers = {}
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.decode("ascii", "replace").strip()
                if not line:
                    break
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            body = stream.read(int(headers.get("content-length", "0")))
            try:
                messages.put(json.loads(body))
            except json.JSONDecodeError:
                pass

    threading.Thread(target=reader, daemon=True).start()
    next_id = [0]
    lock = threading.Lock()

    def send(payload: dict) -> None:
        data = json.dumps(payload).encode("utf-8")
        with lock:
            proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
            proc.stdin.flush()

    def request(method: str, params: dict) -> int:
        next_id[0] += 1
        send({"jsonrpc": "2.0", "id": next_id[0], "method": method, "params": params})
        return next_id[0]

    def notify(method: str, params: dict) -> None:
        send({"jsonrpc": "2.0", "method": method, "params": params})

    found: set = set()
    pending_pull = None
    initialized = False
    deadline = time.time() + timeout
    last_pull = 0.0
    init_id = request("initialize", {
        "processId": os.getpid(),
        "rootUri": pathlib.Path(project_dir).as_uri(),
        "capabilities": {
            "workspace": {"configuration": True, "didChangeConfiguration": {"dynamicRegistration": True}},
            "textDocument": {"publishDiagnostics": {}, "diagnostic": {"dynamicRegistration": True}},
        },
        "initializationOptions": settings["csharp"],
    })
    try:
        while time.time() < deadline and not expected_ids <= found:
            try:
                message = messages.get(timeout=1.0)
            except queue.Empty:
                message = None
            if message is not None:
                method = message.get("method")
                if message.get("id") == init_id and "result" in message:
                    notify("initialized", {})
                    notify("workspace/didChangeConfiguration", {"settings": settings})
                    text = pathlib.Path(file_path).read_text(encoding="utf-8")
                    notify("textDocument/didOpen", {"textDocument": {"uri": file_uri, "languageId": "csharp", "version": 1, "text": text}})
                    initialized = True
                elif method == "workspace/configuration":
                    items = message.get("params", {}).get("items", [])
                    result = [settings.get((item.get("section") or "csharp").split(".")[0], settings["csharp"]) for item in items]
                    send({"jsonrpc": "2.0", "id": message["id"], "result": result})
                elif method is not None and "id" in message:
                    send({"jsonrpc": "2.0", "id": message["id"], "result": None})  # registrations, progress tokens
                elif method == "textDocument/publishDiagnostics" and message["params"].get("uri") == file_uri:
                    found |= {str(d.get("code")) for d in message["params"].get("diagnostics", [])}
                elif pending_pull is not None and message.get("id") == pending_pull:
                    pending_pull = None
                    result = message.get("result") or {}
                    found |= {str(d.get("code")) for d in result.get("items", [])}
            if initialized and pending_pull is None and time.time() - last_pull > 5:
                last_pull = time.time()
                pending_pull = request("textDocument/diagnostic", {"textDocument": {"uri": file_uri}})
    finally:
        proc.kill()

    reported = sorted(c for c in found if c.startswith("MLSEC"))
    missing = sorted(expected_ids - found)
    print(f"language server reported for {os.path.basename(file_path)}: {', '.join(reported) or 'no MLSEC diagnostics'}")
    if missing:
        print(f"missing: {', '.join(missing)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
