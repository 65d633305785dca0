"""The top bar on an office screen (1280 px), in Chinese and in English: one line, no sideways scroll, the language
menu shows its whole word (English once wrapped every label onto two lines, widened the page and cut "English" to
"En")."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OFFICE_SCREEN = 1280

MEASURE = """() => {
  const bar = document.querySelector('nav.navbar');
  const entries = [...bar.querySelectorAll('#nav > ul > li')].filter(li => li.offsetParent !== null);
  const language = bar.querySelector('select[name=language]');
  const style = getComputedStyle(language);
  const probe = document.createElement('span');
  probe.style.font = style.font;
  probe.style.position = 'absolute';
  probe.style.whiteSpace = 'nowrap';
  probe.textContent = language.selectedOptions[0].textContent;
  document.body.appendChild(probe);
  const words = probe.getBoundingClientRect().width;
  probe.remove();
  return {
    page: document.documentElement.scrollWidth,
    screen: document.documentElement.clientWidth,
    bar: bar.getBoundingClientRect().height,
    entries: entries.length,
    // An entry on a second line starts below where the first line's entries end.
    below: entries.filter(li => li.getBoundingClientRect().top
      >= Math.min(...entries.map(e => e.getBoundingClientRect().bottom))).length,
    words,
    room: language.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
  };
}"""


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("username", ["office_staff", "director"])
def test_the_top_bar_is_one_line_at_1280_px(page_for, live_server, language, username):
    page = page_for(username, width=OFFICE_SCREEN)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(f"{live_server.url}/")
    bar = page.evaluate(MEASURE)

    assert bar["page"] <= bar["screen"], f"the page scrolls sideways: {bar}"
    # Every entry is shown (the bar is open, not behind the menu button), all on one line of one bar's height.
    assert bar["entries"] >= 10, bar
    assert bar["below"] == 0 and bar["bar"] < 70, bar
    assert bar["room"] >= bar["words"], f"the language menu cuts its word: {bar}"
