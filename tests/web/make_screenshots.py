"""Screenshots of every dashboard page for the docs: `python -m tests.web.make_screenshots --db PATH [--out DIR]`.

Starts `avsi serve` on a free loopback port, opens each page in Debian's chromium (Playwright), waits for the
charts and writes docs/screenshots/web-<name>.png.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tests.web.support import CHROMIUM, CHROMIUM_ARGS, LiveServer

ROOT = Path(__file__).resolve().parents[2]
CHARTS_DONE = (
    "() => Array.from(document.querySelectorAll('div.vl')).every(el => el.dataset.rendered || el.dataset.error)"
)
SHOTS = {
    "overview": "/?lang=en",
    "models": "/models?lang=en&open_weights=yes&sort=capability",
    "model": "/models/mistral-small-3.2?lang=en",
    "labs": "/labs?lang=en",
    "lab": "/labs/mistral?lang=en",
    "blocs": "/blocs?lang=en",
    "claims": "/claims?lang=en",
    "advisor": "/advisor?lang=en&deployment=on_premises&gpu_memory_gib=24&need=commercial_use"
    "&need=no_geographic_exclusion&prefer_origin=EU",
    "downloads": "/downloads?lang=en",
    "api": "/api/v1/docs?lang=en",
    "overview-nl": "/?lang=nl",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    server = LiveServer(args.db, args.out / ".serve.log")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            for name, path in SHOTS.items():
                page.goto(server.url + path)
                page.wait_for_function(CHARTS_DONE, timeout=60_000)
                page.screenshot(path=str(args.out / f"web-{name}.png"))
                print(f"web-{name}.png")
            browser.close()
    finally:
        server.stop()
        (args.out / ".serve.log").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
