"""The browser checks themselves: a green run must mean axe-core ran and the CSP was enforced."""

import pytest

from .audit import check_accessibility, check_no_browser_problems

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_axe_fails_the_page_on_a_field_without_label(page):
    page.goto("/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=\"text\">')")

    with pytest.raises(AssertionError, match=r"- label \[critical\].*\n.*input"):
        check_accessibility(page, "harness-unlabelled-field")


def test_an_inline_script_is_refused_by_the_csp_and_fails_the_page(page):
    page.goto("/")
    check_no_browser_problems(page)
    page.evaluate("""() => {
        const script = document.createElement('script');
        script.textContent = 'window.inlineRan = true';
        document.body.append(script);
    }""")

    assert page.evaluate("window.inlineRan") is None
    with pytest.raises(AssertionError, match="Content Security Policy"):
        check_no_browser_problems(page)
