"""My visit costs the same number of queries with a few items as with hundreds."""

from django.conf import settings
from django.test import Client

from tests import factories
from tests.querycount import queries_for
from visits.models import Item, Plan


def fill(fair, size):
    """A visitor's plan of ``size`` exhibitors placed in the fair's hall N, their showcases and
    sessions (a third each)."""
    ex, hall = fair["exhibition"], fair["halls"][0]
    client = Client()
    client.post("/my-visit/save/", {"kind": "exhibitor", "slug": "alpha"})
    plan = Plan.objects.for_key(client.cookies[settings.VISIT_COOKIE].value).get()
    items = []
    for i in range(size):
        exhibitor = factories.exhibitor(slug=f"q{size}-{i}")
        # Stand places 16 on of an 11-a-row grid: after the fair's own, inside the 60 x 40 m hall.
        place = factories.grid_position(hall, 16 + i + (0 if size < 10 else 3), per_row=11)
        factories.stand(exhibitor, ex, booth=f"Q{size}-{i}", **place)
        items.append(Item(plan=plan, kind="exhibitor", exhibitor=exhibitor))
        showcase = factories.showcase(ex, exhibitor, slug=f"q{size}-s{i}")
        items.append(Item(plan=plan, kind="showcase", showcase=showcase))
        session = factories.session(ex, slug=f"q{size}-t{i}")
        items.append(Item(plan=plan, kind="session", session=session))
    Item.objects.bulk_create(items)
    return client, plan


def test_my_visit_queries_do_not_grow_with_the_items(fair):
    few, few_plan = fill(fair, 2)
    counts = {"few": queries_for(few, "/my-visit/")}
    many, many_plan = fill(fair, 67)  # 202 items
    assert many_plan.items.count() == 202
    counts["many"] = queries_for(many, "/my-visit/")
    assert counts["few"] == counts["many"], counts
    for name, client, plan in (("few", few, few_plan), ("many", many, many_plan)):
        token = plan.share_token
        for path in (
            f"/my-visit/{token}/",
            f"/my-visit/{token}/print/",
            f"/my-visit/{token}.ics",
            "/my-visit/state.json",
        ):
            counts[f"{name} {path.replace(token, '<t>')}"] = queries_for(client, path)
    for path in (
        "/my-visit/<t>/",
        "/my-visit/<t>/print/",
        "/my-visit/<t>.ics",
        "/my-visit/state.json",
    ):
        assert counts[f"few {path}"] == counts[f"many {path}"], counts
