"""What a person does in the browser, shared by the journeys: open a page, press a button, follow a
link, tick a box. Each waits for the page it leads to."""

import re


def visit(page, url):
    page.goto(url)
    page.wait_for_load_state()


def click(page, button, **kwargs):
    page.get_by_role("button", name=button, **kwargs).click()
    page.wait_for_load_state()


def follow(page, link, **kwargs):
    page.get_by_role("link", name=link, **kwargs).first.click()
    page.wait_for_load_state()


def choose(page, label):
    """Tick a radio button or a checkbox on its label, as a person does (the DSFR draws the box)."""
    page.locator("label.fr-label").filter(has_text=re.compile("^" + re.escape(label) + "$")).click()
