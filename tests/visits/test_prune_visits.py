import datetime

from django.core.management import call_command
from django.utils import timezone

from visits.models import Item, Plan


def plan_used_days_ago(days, fair, items=1):
    plan, _ = Plan.start()
    plan.touched_at = timezone.now() - datetime.timedelta(days=days)
    plan.save()
    for exhibitor in list(fair["exhibitors"].values())[:items]:
        Item.objects.create(plan=plan, kind="exhibitor", exhibitor=exhibitor)
    return plan


def test_prune_visits_dry_run_lists_without_deleting(fair, capsys):
    old = plan_used_days_ago(200, fair, items=2)
    plan_used_days_ago(10, fair)
    call_command("prune_visits", "--dry-run")
    out = capsys.readouterr().out
    assert f"plan {old.pk}: 2 items, last used" in out
    assert "1 plan unused since" in out and "would be deleted (dry run)" in out
    assert Plan.objects.count() == 2
    assert Item.objects.count() == 3


def test_prune_visits_deletes_plans_unused_for_180_days_and_their_items(fair, capsys):
    old = plan_used_days_ago(181, fair, items=3)
    recent = plan_used_days_ago(179, fair)
    call_command("prune_visits")
    assert list(Plan.objects.all()) == [recent]
    assert not Item.objects.filter(plan_id=old.pk).exists()
    assert "Deleted 1 plan unused since" in capsys.readouterr().out


def test_prune_visits_takes_another_age(fair):
    plan_used_days_ago(40, fair)
    call_command("prune_visits", "--days", "30", verbosity=0)
    assert Plan.objects.count() == 0
