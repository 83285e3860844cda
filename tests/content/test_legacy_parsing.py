"""Pure helpers of the legacy importer and the renderer they rely on (no database)."""

import datetime

import pytest

from eig.content.legacy import (
    LegacyError,
    clean_liquid,
    expand_permalink,
    load_front_matter,
    load_yaml_file,
    parse_post_filename,
    person_slug,
)
from eig.core.markdown import render_markdown, sanitize_html


def test_two_digit_years_of_post_file_names_are_read_as_jekyll_does():
    assert parse_post_filename("18-02-27-bootcamp.md") == (datetime.date(2018, 2, 27), "bootcamp")
    assert parse_post_filename("2019-06-12-demarche-mesure-impact-eig.md") == (
        datetime.date(2019, 6, 12),
        "demarche-mesure-impact-eig",
    )


@pytest.mark.parametrize("name", ["bootcamp.md", "18-13-40-mauvaise-date.md"])
def test_a_post_file_name_without_a_valid_date_is_refused(name):
    with pytest.raises(LegacyError):
        parse_post_filename(name)


def test_permalinks_keep_the_case_of_the_file_name():
    date = datetime.date(2018, 5, 29)
    assert expand_permalink("/blog/:year/:month/:day/:title.html", date, "pourquoi-devenir-EIG") == (
        "/blog/2018/05/29/pourquoi-devenir-EIG.html"
    )
    assert expand_permalink("/en/blog/:year/:month/:day/:title.html", date, "x") == "/en/blog/2018/05/29/x.html"


def test_liquid_is_removed_and_highlight_blocks_become_fenced_code():
    text = "{% highlight python %}\nprint(1)\n{% endhighlight %}\nBonjour {{ site.baseurl }}!{% include x.html %}"
    assert clean_liquid(text) == "```python\nprint(1)\n```\nBonjour !"


def test_an_iframe_becomes_a_link_to_the_embedded_address():
    text = '<iframe frameborder="0" src="//www.dailymotion.com/embed/video/x7" allowfullscreen></iframe>'
    assert clean_liquid(text) == "[Contenu intégré](https://www.dailymotion.com/embed/video/x7)"
    assert clean_liquid(text, "en") == "[Embedded content](https://www.dailymotion.com/embed/video/x7)"


def test_typographic_dashes_do_not_split_one_person_in_two():
    assert person_slug("Pierre–Alain Jachiet") == person_slug("Pierre-Alain Jachiet") == "pierre-alain-jachiet"
    assert person_slug("Lívia Ribeiro") == "livia-ribeiro"


def test_invalid_yaml_is_reported_with_its_line(tmp_path):
    path = tmp_path / "broken.yml"
    path.write_text("- question: ok\n  reponse: [non fermée\n", encoding="utf-8")
    with pytest.raises(LegacyError, match=r"YAML invalide : .*\(ligne \d+, colonne \d+\)"):
        load_yaml_file(path)


def test_invalid_front_matter_is_reported(tmp_path):
    path = tmp_path / "18-01-01-x.md"
    path.write_text("---\ntitle: [non fermé\n---\n\nTexte\n", encoding="utf-8")
    with pytest.raises(LegacyError, match="en-tête YAML invalide"):
        load_front_matter(path)


@pytest.mark.parametrize(
    "markdown",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[link](javascript:alert(1))",
        "[link](JaVaScRiPt:alert(1))",
        "[link](java&#x09;script:alert(1))",
        '<a href="javascript&colon;alert(1)">x</a>',
        "<javascript:alert(1)>",
        "![image](javascript:alert(1))",
        "[x]: javascript:alert(1)\n\n[y][x]",
        '<iframe src="javascript:alert(1)"></iframe>',
        "<svg onload=alert(1)>",
        '<p style="background:url(javascript:alert(1))">s</p>',
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    ],
)
def test_rendered_markdown_never_carries_script(markdown):
    html = str(render_markdown(markdown)).lower()
    assert "<script" not in html
    assert "onerror" not in html and "onload" not in html
    assert "javascript:" not in html and "javascript&colon;" not in html
    assert "data:text/html" not in html
    assert "style=" not in html


def test_legacy_faq_html_keeps_its_structure_when_sanitised():
    html = '<p>Voir <a href="https://example.org">ici</a></p><ul><li>un</li></ul><script>alert(1)</script>'
    assert str(sanitize_html(html)) == (
        '<p>Voir <a href="https://example.org" rel="noopener noreferrer">ici</a></p><ul><li>un</li></ul>'
    )
