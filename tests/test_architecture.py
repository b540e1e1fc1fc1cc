"""The house holds: the floors are kept by import-linter (`make lint`), and no module imports one
that imports it back, directly or through others."""

import grimp
import pytest

PACKAGES = (
    "core",
    "exhibitions",
    "pavilions",
    "exhibitors",
    "programme",
    "visits",
    "datafiles",
    "expo",
)


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph(*PACKAGES, cache_dir=None)


def test_import_graph_has_no_cycles(graph):
    cycles = []
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back:
                cycles.append(" -> ".join((importer, *back)))
    assert cycles == []


@pytest.mark.parametrize("upper", PACKAGES[1:])
def test_core_imports_no_app(graph, upper):
    chains = graph.find_shortest_chains(importer="core", imported=upper)
    assert chains == set()
