from werkroute.core import markdown


def test_markdown_is_rendered_with_tables():
    html = markdown.render("# Titel\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert "<h1>Titel</h1>" in html and "<td>1</td>" in html


def test_script_and_javascript_links_in_a_document_do_not_reach_the_page():
    html = markdown.render(
        '<script>alert(1)</script>\n\n[klik](javascript:alert(1)) <img src=x onerror="alert(1)">'
    )
    assert "<script" not in html and 'href="javascript' not in html and "<img" not in html
