import re

from playwright.sync_api import expect


def test_visitor_clicks_from_home_to_country_to_exhibitor_to_pavilion(live, page):
    page.goto(live + "/")
    expect(page.locator("h1")).to_have_text("Smart China Expo 2022")
    page.get_by_role("link", name="Belarus").first.click()
    expect(page).to_have_url(live + "/countries/by/")
    expect(page.locator("h1")).to_have_text("Belarus")
    page.get_by_role("link", name="Zongshen-Gomselmash").first.click()
    expect(page.locator("h1")).to_have_text("Zongshen-Gomselmash")
    page.get_by_role("link", name=re.compile("Belarusian pavilion", re.I)).first.click()
    expect(page).to_have_url(re.compile(r"/pavilions/[\w-]+/$"))
    expect(page.locator("h1")).to_contain_text("Belarus")


def test_visitor_reaches_agricultural_machinery_in_two_clicks(live, page):
    page.goto(live + "/")
    page.get_by_role("link", name="All sectors and sub-sectors").click()
    page.get_by_role("link", name="Agricultural machinery").click()
    expect(page).to_have_url(live + "/sectors/agricultural-machinery/")
    expect(page.get_by_role("link", name="Zongshen-Gomselmash").first).to_be_visible()


def test_directory_filter_applies_on_change_with_javascript(live, page):
    page.goto(live + "/exhibitors/")
    page.get_by_label("Country").select_option("by")
    expect(page).to_have_url(re.compile(r"country=by"))
    expect(page.get_by_role("link", name="Baidu")).to_have_count(0)
    expect(page.get_by_role("link", name="Zongshen-Gomselmash").first).to_be_visible()


def test_directory_filter_works_without_javascript(live, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live + "/exhibitors/")
        page.get_by_label("Country").select_option("cn")
        page.get_by_role("button", name="Apply").click()
        expect(page).to_have_url(re.compile(r"country=cn"))
        expect(page.get_by_role("link", name="Baidu").first).to_be_visible()
        expect(page.get_by_role("link", name="Gomselmash", exact=True)).to_have_count(0)
    finally:
        context.close()


def test_phone_width_has_no_horizontal_scroll(live, browser):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    try:
        for path in ["/", "/exhibitors/", "/countries/by/", "/exhibitors/zongshen-gomselmash/"]:
            page.goto(live + path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow == 0, path
    finally:
        context.close()
