"""The director opens the dashboard and checks a figure through its drill-down."""


def test_director_opens_the_dashboard_and_a_drilldown(login, base_url):
    page = login("director")
    assert "/dashboard/" in page.url
    assert page.get_by_role("heading", name="Показатели эффективности целевой модели наставничества").count() == 1
    page.locator("a[href*='/dashboard/students_mentees/']").first.click()
    page.wait_for_load_state()
    assert "Числитель" in page.locator("main").inner_text()
