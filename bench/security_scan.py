"""Run the wapiti web scanner against the production stack on loopback with a logged-in curator.

    .venv/bin/python bench/security_scan.py [--minutes 5]

Needs Debian's wapiti (apt-get install wapiti). Starts gunicorn exactly as `make smoke` does (fresh
database `benchscan` with the demo lyceum), logs in as the demo curator, hands wapiti the session
cookie, scans for a bounded time, prints the findings and writes the JSON report to bench/results/.
Only 127.0.0.1 is ever contacted.
"""

import argparse
import http.cookiejar
import json
import re
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from smoke.stack import ROOT, production_stack, say

# Never attack the logout link or the irreversible data destruction; they would end the scan's session.
EXCLUDE = ["/accounts/logout/", "/registry/people/*/consent/withdraw/", "/admin/*"]


# Debian's wapiti 3.0.4 builds its exclusion regexes with inline flags at the end, which Python 3.11
# refuses; run it with that one function fixed.
WAPITI_WITH_FIXED_EXCLUDES = """
import re, sys
import wapitiCore.net.crawler as crawler
def wildcard_translate(pattern):
    return re.compile("(?ms)" + "".join(".*" if c == "*" else re.escape(c) for c in pattern) + r"\\Z")
crawler.wildcard_translate = wildcard_translate
from wapitiCore.main.wapiti import wapiti_main
sys.argv[0] = "wapiti"
wapiti_main()
"""


# ssrf and xxe are left out too: they call wapiti's own server on the internet to see the attack land.
MODULES = "xss,permanentxss,sql,blindsql,exec,file,crlf,redirect,csrf,http_headers,cookieflags,csp,methods"


def login(base_url, username, password):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base_url}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token}).encode()
    request = urllib.request.Request(f"{base_url}/accounts/login/", data=data, headers={"Referer": base_url})
    opener.open(request).read()
    cookies = {c.name: c.value for c in jar}
    assert "sessionid" in cookies, "login failed"
    return cookies


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=3, help="crawl time")
    parser.add_argument("--attack-seconds", type=float, default=45, help="time per attack module")
    args = parser.parse_args()
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    report = results / "wapiti.json"
    with production_stack(db_name="benchscan", services=("web",), redis_db=8) as stack:
        cookies = login(stack.base_url, "curator", "nastavnik-demo")
        cookie_header = "; ".join(f"{k}={v}" for k, v in cookies.items())
        command = [
            "/usr/bin/python3",
            "-c",
            WAPITI_WITH_FIXED_EXCLUDES,
            "-u",
            f"{stack.base_url}/",
            "--scope",
            "folder",
            "-H",
            f"Cookie: {cookie_header}",
            "--max-scan-time",
            str(int(args.minutes * 60)),
            "--max-links-per-page",
            "20",
            "--max-attack-time",
            str(int(args.attack_seconds)),
            "-d",
            "3",
            # Modules that reach the internet (wapp, nikto, ssrf, xxe) are left out: loopback only.
            "-m",
            MODULES,
            "--flush-session",
            "-f",
            "json",
            "-o",
            str(report),
            "-v",
            "0",
        ]
        for pattern in EXCLUDE:
            command += ["-x", f"{stack.base_url}{pattern}"]
        say("wapiti: " + " ".join(c if "Cookie" not in c else "Cookie: <session>" for c in command))
        subprocess.run(command, check=False)
    data = json.loads(report.read_text())
    found = {kind: entries for kind, entries in data.get("vulnerabilities", {}).items() if entries}
    anomalies = {kind: entries for kind, entries in data.get("anomalies", {}).items() if entries}
    print(
        json.dumps(
            {
                "vulnerabilities": {k: len(v) for k, v in found.items()},
                "anomalies": {k: len(v) for k, v in anomalies.items()},
                "urls_crawled": len(data.get("infos", {}).get("crawled_pages", []) or []),
            },
            ensure_ascii=False,
            indent=2,
        )
    )
    for kind, entries in {**found, **anomalies}.items():
        for entry in entries[:5]:
            print(f"- {kind}: {entry.get('method')} {entry.get('path')} {entry.get('info', '')[:200]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
