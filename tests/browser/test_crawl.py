"""Every page linked from the homes, in Chromium at phone size: nothing fails, leaves the origin or
breaks axe-core's serious and critical rules."""

from __future__ import annotations

import pytest

from .conftest import ServedHub, Visit

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_every_linked_page_loads_cleanly_from_the_hubs_own_origin(visit: Visit, served_hub: ServedHub) -> None:
    kinds = {page.kind for page in served_hub.pages}
    assert len(served_hub.pages) >= 7
    assert {"home", "article"} <= kinds
    problems = []
    for site_page in served_hub.pages:
        page = visit.open(site_page.url)
        if site_page.lang and page.locator("html").get_attribute("lang") != site_page.lang:
            problems.append(f"{site_page.url}: <html lang> changed in the browser")
        try:
            visit.assert_clean()
        except AssertionError as error:
            problems.append(f"{site_page.url}: {error}: {visit.foreign_requests() + visit.failed}"
                            f" {visit.page_errors + visit.console_errors}")
        if violations := visit.axe_violations():
            problems.append(f"{site_page.url}: axe-core: {violations}")
        visit.forget()
    assert problems == []
