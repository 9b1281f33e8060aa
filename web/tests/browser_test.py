#!/usr/bin/env python3
"""The page in a real browser: headless Chromium, driven through
chromedriver's WebDriver protocol (Python's standard library only).

One browser session opens web/dist/index.html as a file, as a parent would,
and for every fixture plan chooses it in the page's file input and reads
back what the page shows: the plan's status, its notices and findings, and
each provision's text, verdict and rule ids. Each must equal the command
line's JSON report on the same file. Then it checks that files that cannot
be read are said to be so (and the page still works after them), that the
letter downloads as a Word file holding what was typed into the form, that
the page loaded nothing but its own files, and that when the checker stops
(a panic, running out of memory) the page says so and checks the next plan
with a fresh checker.

    python3 web/tests/browser_test.py [--screenshots DIR]

Needs web/dist/ (web/build.sh), chromium and chromedriver, and the
idp-audit binary (target/debug/idp-audit, built with `cargo build` if
missing; IDP_AUDIT_BIN names another).
"""
import base64
import json
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
DIST = ROOT / "web" / "dist"
PLAN_ENDINGS = {".docx", ".md", ".markdown", ".txt", ".pdf"}
NOT_PLANS = {"README.md", "MANIFEST.md", "FIRST-CONTACT.md", "SOURCE.md"}


def fixture_plans():
    """Every plan under fixtures/ (documentation files left out)."""
    plans = []
    for p in sorted((ROOT / "fixtures").rglob("*")):
        if p.is_file() and p.suffix.lower() in PLAN_ENDINGS and p.name not in NOT_PLANS:
            plans.append(p)
    return plans


class WebDriver:
    def __init__(self, download_dir):
        port = free_port()
        self.proc = subprocess.Popen(
            [os.environ.get("CHROMEDRIVER", "chromedriver"), f"--port={port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                if self.call("GET", "/status")["ready"]:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        else:
            raise RuntimeError("chromedriver did not start")
        caps = {
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    # Every request the browser makes, to check there are none but the page's own.
                    "goog:loggingPrefs": {"performance": "ALL"},
                    "goog:chromeOptions": {
                        "binary": os.environ.get("CHROMIUM", shutil.which("chromium") or "chromium"),
                        "args": [
                            "--headless=new",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-dev-shm-usage",
                            "--window-size=1280,1000",
                        ],
                        "prefs": {
                            "download.default_directory": str(download_dir),
                            "download.prompt_for_download": False,
                        },
                    },
                }
            }
        }
        self.session = self.call("POST", "/session", caps)["sessionId"]
        self.cmd("POST", "/goog/cdp/execute", {
            "cmd": "Browser.setDownloadBehavior",
            "params": {"behavior": "allow", "downloadPath": str(download_dir)},
        })

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=120) as r:
                return json.loads(r.read())["value"]
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"WebDriver {method} {path}: {e.read()[:500]!r}") from None

    def cmd(self, method, path, body=None):
        return self.call(method, f"/session/{self.session}{path}", body)

    def js(self, script, *args):
        return self.cmd("POST", "/execute/sync", {"script": script, "args": list(args)})

    def find(self, css):
        el = self.cmd("POST", "/element", {"using": "css selector", "value": css})
        return next(iter(el.values()))

    def wait(self, script, what, timeout=60):
        end = time.time() + timeout
        while time.time() < end:
            v = self.js(script)
            if v:
                return v
            time.sleep(0.02)
        raise AssertionError(f"timed out waiting for {what}")

    def screenshot(self, path, width=1280):
        self.cmd("POST", "/goog/cdp/execute", {
            "cmd": "Emulation.setDeviceMetricsOverride",
            "params": {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600},
        })
        shot = self.cmd("POST", "/goog/cdp/execute", {
            "cmd": "Page.captureScreenshot", "params": {"captureBeyondViewport": True, "format": "png"},
        })
        pathlib.Path(path).write_bytes(base64.b64decode(shot["data"]))
        self.cmd("POST", "/goog/cdp/execute", {"cmd": "Emulation.clearDeviceMetricsOverride", "params": {}})

    def quit(self):
        try:
            self.cmd("DELETE", "")
        finally:
            self.proc.terminate()
            self.proc.wait(timeout=10)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


READ_PAGE = """
const r = document.getElementById('results');
return {
  check: r.dataset.check, file: r.dataset.file, status: r.dataset.status, ms: r.dataset.ms,
  summary: document.getElementById('summary').textContent,
  notes: [...document.querySelectorAll('#plan-notes [data-code]')].map(e => e.dataset.code),
  noteText: document.getElementById('plan-notes').textContent,
  provisions: [...document.querySelectorAll('#results article.provision')].map(a => ({
    index: +a.dataset.index, verdict: a.dataset.verdict, rules: a.dataset.rules,
    text: a.querySelector('blockquote.quote').textContent,
    shown: a.querySelector('h3').textContent })),
  letter: !document.getElementById('letter').hidden,
};
"""


def choose(wd, path, n):
    """Choose `path` in the page's file input; wait for the n-th result."""
    wd.cmd("POST", f"/element/{wd.find('#file')}/value", {"text": str(path)})
    wd.wait(f"return document.body.dataset.state === 'done' && "
            f"document.getElementById('results').dataset.check === '{n}'", f"the result for {path.name}")
    return wd.js(READ_PAGE)


def expected(cli_doc):
    """What the page must show for one plan of the CLI's JSON report."""
    notes = []
    if cli_doc["status"] == "error":
        notes.append("error")
    notes += [f["rule"] for f in cli_doc.get("findings", [])]
    notes += [n["code"] for n in cli_doc.get("notices", [])]
    provisions = []
    for p in cli_doc["provisions"]:
        rules = [f["rule"] for f in p["findings"]] + [f["rule"] for f in p.get("suppressions", [])]
        provisions.append((p["index"], p["verdict"], sorted(rules), p["text"]))
    return cli_doc["status"], sorted(notes), sorted(provisions)


def shown(page):
    provisions = [(p["index"], p["verdict"], sorted(p["rules"].split()), p["text"]) for p in page["provisions"]]
    return page["status"], sorted(page["notes"]), sorted(provisions)


def cli_reports(binary, plans):
    out = subprocess.run([str(binary), "check", "--format", "json", "--exit-zero", "--no-progress",
                          *map(str, plans)], capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        raise RuntimeError(f"idp-audit failed: {out.stderr}")
    docs = json.loads(out.stdout)["documents"]
    assert len(docs) == len(plans), (len(docs), len(plans))
    return docs


def hostile_files(d):
    """Files a parent might choose by mistake: each must be said to be unreadable."""
    files = {
        "broken-download.docx": b"PK\x03\x04" + os.urandom(300),
        "empty.pdf": b"",
        "not-really.pdf": b"%PDF-1.7\n" + b"\x00\xff" * 200,
        "old-word.doc": bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 512,
        "photo.txt": bytes(range(256)) * 8,
    }
    paths = []
    for name, data in files.items():
        p = d / name
        p.write_bytes(data)
        paths.append(p)
    # Larger than any plan (the limit is 64 MiB): refused before it is read.
    big = d / "far-too-big.docx"
    with open(big, "wb") as f:
        f.truncate(65 * 1024 * 1024)
    paths.append(big)
    return paths


# Installed before the page's scripts when the crash tests open it: it
# wraps the page's checker so that a test can make the real module stop,
# the way a bug or a plan too large for memory would stop it. With
# window.__idpTrap = 'panic' the next check first asks the module for a
# buffer larger than it can address (a panic, "capacity overflow"); with
# 'oom', the module's memory is first grown to WebAssembly's 4 GB limit, so
# that the check itself runs out of memory. Either way the module traps.
TRAP_JS = """
(() => {
  const instantiate = WebAssembly.instantiate;
  window.__idpInstances = 0;
  WebAssembly.instantiate = async function (module, imports) {
    const instance = await instantiate.call(WebAssembly, module, imports);
    if (!(module instanceof WebAssembly.Module)) return instance;
    window.__idpInstances += 1;
    const ex = instance.exports;
    const exports = Object.assign({}, ex);
    exports.idp_check = function (...args) {
      const trap = window.__idpTrap;
      window.__idpTrap = null;
      if (trap === 'panic') ex.idp_alloc(0xFFFFFFFF);
      if (trap === 'oom') {
        try {
          for (;;) ex.memory.grow(1024);
        } catch (e) {
          // At the limit.
        }
      }
      return ex.idp_check(...args);
    };
    return { exports };
  };
})();
"""


def crash_tests(wd, example, example_doc, big, shots):
    """The checker stops twice on purpose (a panic, then running out of
    memory): each time the page must say so plainly, finish (no "Checking…"
    left), and check the next plan right with a new checker."""
    wd.cmd("POST", "/goog/cdp/execute", {"cmd": "Page.addScriptToEvaluateOnNewDocument", "params": {"source": TRAP_JS}})
    wd.cmd("POST", "/url", {"url": (DIST / "index.html").as_uri()})
    wd.wait("return document.body.dataset.state === 'ready'", "the checker to be ready")
    n = 0
    for trap, path, said in [("panic", example, "bug in idp-audit (capacity overflow)"),
                             ("oom", big, "ran out of memory")]:
        before = wd.js("return window.__idpInstances")
        wd.js(f"window.__idpTrap = '{trap}';")
        n += 1
        page = choose(wd, path, n)
        status = wd.js("return document.getElementById('status').textContent")
        assert page["summary"] == "The checker stopped on this file.", (trap, page["summary"])
        assert said in page["noteText"] and "restarted" in page["noteText"], (trap, page["noteText"])
        assert wd.js("return document.body.dataset.state") == "done" and "…" not in status, (trap, status)
        assert not page["letter"], "no letter form after a crash"
        told = page_error(wd)
        if shots:
            wd.screenshot(shots / f"3-crash-{trap}.png")
        # The next plan: a fresh checker, the same verdicts as the command line.
        n += 1
        page = choose(wd, example, n)
        after = wd.js("return window.__idpInstances")
        assert after == before + 1, f"after the {trap}, the checker was not started again ({before} -> {after})"
        assert shown(page) == expected(example_doc), f"after the {trap}, the example plan reads differently"
        print(f"crash ({trap}): the page said {told!r}; the next plan was checked by a new "
              f"checker, as the command line checks it")


def page_error(wd):
    return wd.js("return document.querySelector('#plan-notes [data-code=error]')?.textContent || ''")


def main():
    shots = None
    if "--screenshots" in sys.argv:
        shots = pathlib.Path(sys.argv[sys.argv.index("--screenshots") + 1])
        shots.mkdir(parents=True, exist_ok=True)
    if not (DIST / "index.html").exists():
        sys.exit("web/dist/ is missing: run web/build.sh first")
    binary = pathlib.Path(os.environ.get("IDP_AUDIT_BIN", ROOT / "target" / "debug" / "idp-audit"))
    if not binary.exists():
        subprocess.run(["cargo", "build", "--quiet"], cwd=ROOT, check=True)

    tmp = pathlib.Path(tempfile.mkdtemp(prefix="idp-audit-web-test-"))
    downloads = tmp / "downloads"
    downloads.mkdir()
    plans = fixture_plans()
    bad = hostile_files(tmp)
    cli = cli_reports(binary, plans + bad)
    failures = []
    wd = WebDriver(downloads)
    try:
        # A plan chosen the moment the page opens, while its checker is
        # still being built: the wait a parent sees at worst.
        example = ROOT / "fixtures" / "docx" / "example_idp.docx"
        wd.cmd("POST", "/url", {"url": (DIST / "index.html").as_uri()})
        t_choose = time.time()
        page = choose(wd, example, 1)
        cold_s = time.time() - t_choose
        assert page["status"] == "ok" and page["provisions"], "the example plan was not checked"
        # Opened again: how long the checker takes to be ready.
        t_nav = time.time()
        wd.cmd("POST", "/url", {"url": (DIST / "index.html").as_uri()})
        wd.wait("return document.body.dataset.state === 'ready'", "the checker to be ready")
        ready_s = time.time() - t_nav
        if shots:
            wd.screenshot(shots / "1-before.png")
            wd.screenshot(shots / "1-before-phone.png", width=390)

        # Every fixture plan, then the files that cannot be read: the page
        # says what the command line says.
        n = 0
        first_ms = None
        times = []
        for path, doc in zip(plans + bad, cli):
            n += 1
            page = choose(wd, path, n)
            assert page["file"] == path.name, (page["file"], path.name)
            times.append(int(page["ms"]))
            if first_ms is None:
                first_ms = int(page["ms"])
            if shown(page) != expected(doc):
                failures.append(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name}: "
                                f"page {shown(page)!r:.600}\n    CLI  {expected(doc)!r:.600}")
            # Never "nothing wrong" for a plan that was not read.
            if doc["status"] == "error" and not page["summary"].startswith("Could not read"):
                failures.append(f"{path.name}: unreadable, but the page says {page['summary']!r}")
            if doc["status"] == "no_section_2b" and "No Section 2B" not in page["summary"]:
                failures.append(f"{path.name}: no Section 2B, but the page says {page['summary']!r}")
        print(f"verdicts: {len(plans)} fixture plans and {len(bad)} unreadable files, "
              f"{sum(len(d['provisions']) for d in cli)} provisions; "
              f"{n - len(failures)} of {n} the same as the command line")

        # The bundled example: its letter, with names typed into the form.
        n += 1
        page = choose(wd, example, n)
        assert page["letter"], "the example plan has vague provisions: the letter form must show"
        vague = [p for p in page["provisions"] if p["verdict"] == "vague"]
        assert vague and all(p["shown"].endswith("vague") for p in vague)
        if shots:
            wd.screenshot(shots / "2-after.png")
            wd.screenshot(shots / "2-after-phone.png", width=390)
        for field, value in [("#f-parent", "Carys Invented"), ("#f-contact", "carys@example.invalid"),
                             ("#f-address", "1 Heol Ddychmygol\nTrefddim")]:
            wd.cmd("POST", f"/element/{wd.find(field)}/value", {"text": value})
        wd.cmd("POST", f"/element/{wd.find('#download')}/click", {})
        name = wd.wait("return document.body.dataset.letter", "the letter to be written")
        letter = downloads / name
        end = time.time() + 30
        while not letter.exists() and time.time() < end:
            time.sleep(0.1)
        assert letter.exists(), f"the letter {name} was not downloaded"
        with zipfile.ZipFile(letter) as z:
            xml = z.read("word/document.xml").decode()
        assert "Carys Invented" in xml and "Heol Ddychmygol" in xml, "the letter lacks the typed details"
        quoted = vague[0]["text"].split(" | ")[0]
        assert quoted[:20] in xml, f"the letter does not quote {quoted[:20]!r}"
        print(f"letter: {name}, {letter.stat().st_size} bytes, with the typed name and address and the "
              f"vague provisions quoted")

        # Nothing but the page's own files was loaded, over the whole session.
        events = [json.loads(e["message"])["message"] for e in wd.cmd("POST", "/se/log", {"type": "performance"})]
        urls = [e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"]
        own = DIST.as_uri() + "/"
        foreign = [u for u in urls if not u.startswith((own, "blob:", "data:"))]
        assert urls and not foreign, f"the page requested {foreign}"
        print(f"requests: {len(urls)}, all the page's own files or its own letter (blob:): "
              f"{', '.join(sorted({u.rsplit('/', 1)[-1] if u.startswith(own) else u.split(':')[0] + ':' for u in urls}))}")
        # And it may not connect anywhere: its security policy refuses.
        blocked = wd.cmd("POST", "/execute/async", {"script": """
            const done = arguments[arguments.length - 1];
            let violated = null;
            document.addEventListener('securitypolicyviolation', e => { violated = e.violatedDirective; });
            fetch(arguments[0]).then(() => done('sent'), () => setTimeout(() => done(violated || 'failed'), 50));
        """, "args": [wd.base + "/status"]})
        assert blocked == "connect-src", f"a request from the page was not refused by its policy: {blocked}"
        print("a request from the page to a listening local server: refused by the page's policy (connect-src)")

        # A plan of 24 MB of text: more than the checker has once its
        # memory is at the limit.
        big = tmp / "very-long-plan.txt"
        big.write_text("Section 2B\n" + "Speech and language therapy, 30 minutes a week, as required.\n" * 400_000)
        crash_tests(wd, example, cli[plans.index(example)], big, shots)
        times.sort()
        print(f"timing (measured, not tested): a plan chosen as the page opens shown after {cold_s:.2f} s; "
              f"page opened to checker ready {ready_s:.2f} s; then each plan chosen to shown: first "
              f"{first_ms} ms, median {times[len(times) // 2]} ms, slowest {times[-1]} ms")
    finally:
        wd.quit()
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print(f"{len(failures)} plans differ between the page and the command line:")
        for f in failures:
            print("  " + f)
        sys.exit(1)
    print("browser tests passed")


if __name__ == "__main__":
    main()
