"""What every visited page must pass: axe-core, one h1, a title, the DSFR loaded, a clean console."""

import json
from functools import cache

from .environment import AXE_PATH, AXE_REPORTS_DIR, SCREENSHOTS_DIR

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING_IMPACTS = {"serious", "critical"}

_RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: tags, resultTypes: ['violations']});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary})),
  }));
}"""

_PAGE_FACTS = """async () => {
  await document.fonts.ready;
  return {
    lang: document.documentElement.lang,
    h1: Array.from(document.querySelectorAll('h1'), h => h.textContent.trim()),
    titles: Array.from(document.querySelectorAll('title'), t => t.textContent.trim()),
    fontFamily: getComputedStyle(document.body).fontFamily,
    marianneLoaded: document.fonts.check('1rem Marianne'),
    dsfrStarted: document.documentElement.getAttribute('data-fr-js') === 'true',
    // What the main content draws over the footer (a broken layout, e.g. a card stretched
    // to its column's height pushing the rest out of it).
    overFooter: (() => {
      const footerTop = document.querySelector('footer').getBoundingClientRect().top;
      return Array.from(document.querySelectorAll('main *'))
        .filter(e => e.checkVisibility() && e.getBoundingClientRect().bottom > footerTop + 1)
        .map(e => e.outerHTML.slice(0, 120));
    })(),
  };
}"""


@cache
def _axe_source():
    return AXE_PATH.read_text(encoding="utf-8")


def inject_axe(page):
    """Load axe-core into the page.

    The site's Content-Security-Policy (script-src 'self') refuses a <script> tag added by
    `page.add_script_tag`; code evaluated through the DevTools protocol is not subject to
    it, so the policy stays enforced for everything else (no `bypass_csp`).
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())


def run_axe(page):
    inject_axe(page)
    return page.evaluate(_RUN_AXE, AXE_TAGS)


def describe_violations(violations):
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} [{violation['impact']}] {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            lines.append(f"    {' > '.join(map(str, node['target']))}: {node['html'][:160]}")
    return "\n".join(lines)


def page_facts(page):
    return page.evaluate(_PAGE_FACTS)


def screenshot(page, name):
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS_DIR / f"{name}.png", full_page=True)


def check_accessibility(page, name):
    """Fail on any serious or critical axe violation; keep the full report for reading."""
    violations = run_axe(page)
    AXE_REPORTS_DIR.mkdir(parents=True, exist_ok=True)
    (AXE_REPORTS_DIR / f"{name}.json").write_text(json.dumps(violations, indent=2, ensure_ascii=False))
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        print(f"axe-core, {page.url}:\n{describe_violations(blocking)}")
    assert not blocking, f"axe-core : {len(blocking)} violation(s) graves sur {page.url}\n" + describe_violations(
        blocking
    )
    return violations


def check_no_browser_problems(page, *, ignore_document_status=False):
    problems = page.problems
    failed = problems.failed_requests
    if ignore_document_status:
        # The 404 page answers 404 by design; its resources must still load.
        failed = [f for f in failed if not f.startswith(page.url + ":")]
        console = [c for c in problems.console_errors if "status of 404" not in c or page.url not in c]
    else:
        console = problems.console_errors
    assert not console, "Erreurs dans la console du navigateur :\n" + "\n".join(console)
    assert not failed, "Requêtes en échec :\n" + "\n".join(failed)
