from views.docs import DOC, render


def test_docs_filters_md_is_generated_from_the_registry():
    assert DOC.read_text() == render(), "run `python -m views.docs` after changing a type's operators"
