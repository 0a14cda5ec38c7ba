"""Queue orders beside the list order: most pending suggestions first, least confident first; a snapshot taken
when chosen (a document does not move while it is reviewed), followed by the list, the neighbours, the positions
and the review queue alike."""

import pytest

from annotator.core.model import NewDocument
from annotator.core.suggestions import NewSuggestion
from annotator.store import Project, ProjectError


@pytest.fixture()
def project(tmp_path):
    p = Project.open(tmp_path / "p.db", "kim")
    p.add_documents([NewDocument(f"문서 {i} 강원 특구 중기부 장관", title=f"d{i}") for i in range(5)])
    # doc 1: one suggestion at 0.9; doc 2: three (mean 0.5); doc 3: two (mean 0.3); docs 4 and 5: none
    p.write_suggestions({
        1: [NewSuggestion(5, 7, "LOC", "model", 0.9)],
        2: [NewSuggestion(5, 7, "LOC", "model", 0.4), NewSuggestion(8, 10, "ZONE", "dictionary", 0.5),
            NewSuggestion(11, 14, "ORG", "dictionary", 0.6)],
        3: [NewSuggestion(5, 7, "LOC", "model", 0.2), NewSuggestion(8, 10, "ZONE", "patterns", 0.4)],
    })
    yield p
    p.close()


def test_orders_rank_the_list_and_its_lookups(project):
    assert project.document_ids() == [1, 2, 3, 4, 5]
    project.set_queue_order("decisions")
    assert project.document_ids() == [2, 3, 1, 4, 5]
    assert [r.id for r in project.document_page(0, 10)] == [2, 3, 1, 4, 5]
    assert [r.id for r in project.document_page(1, 2)] == [3, 1]
    assert project.filtered_position(1) == 2
    assert project.filtered_neighbour(3, 1) == 1 and project.filtered_neighbour(3, -1) == 2
    assert project.filtered_neighbour(None, 1) == 2
    project.set_queue_order("confidence")
    assert project.document_ids() == [3, 2, 1, 4, 5]
    project.set_queue_order("list")
    assert project.document_ids() == [1, 2, 3, 4, 5]
    with pytest.raises(ProjectError):
        project.set_queue_order("random")


def test_the_ranking_is_a_snapshot_and_the_queue_follows_it(project):
    project.set_queue_order("decisions")
    project.accept_suggestions([s.id for s in project.suggestions(2)])  # doc 2 has nothing left to decide
    assert project.document_ids()[0] == 2  # it stays where it was while it is reviewed
    project.set_status(2, "done")
    assert project.next_open_document(2) == 3
    assert project.filtered_neighbour(2, 1, status="new") == 3  # also once it left the filter
    project.add_documents([NewDocument("새 문서", title="new")])
    assert project.document_ids()[-1] == 6  # added later: after the ranked ones
    project.set_queue_order("decisions")  # ranked again
    assert project.document_ids()[:2] == [3, 1]


def test_a_read_only_project_can_be_ordered(project, tmp_path):
    with Project.open(tmp_path / "p.db", "kim", read_only=True) as ro:
        ro.set_queue_order("decisions")
        assert ro.document_ids() == [2, 3, 1, 4, 5]
