"""What the browser tests look for on any page: axe's serious problems and a page wider than the
screen."""

SERIOUS = ("serious", "critical")


def serious_violations(axe, page, where):
    """axe-core's serious and critical violations on ``page``, each as one line naming ``where``."""
    return [
        f"{where}: {v['id']} ({v['impact']}) {[node['target'] for node in v['nodes']][:3]}"
        for v in axe.run(page).response["violations"]
        if v["impact"] in SERIOUS
    ]


def sideways_overflow(page):
    """How many pixels the page is wider than its window (0: no sideways scroll)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
