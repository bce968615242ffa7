"""The splitter on the layouts pasted concluding observations have (texts written for the
tests, in the shape of real documents)."""

import datetime

from recommendations.reviews.splitter import (
    FOLLOWUP_PROCEDURE,
    NEXT_REPORT,
    OBSERVATION,
    RECOMMENDATION,
    split,
)

ENGLISH = """\
Committee on the Elimination of Discrimination against Women
Concluding observations on the seventh periodic report of Testland

1. The Committee considered the seventh periodic report of Testland at its 2000th meeting.
2. The Committee welcomes the progress achieved since the consideration of the previous
report.
C. Principal areas of concern and recommendations
Women human rights defenders
3. The Committee notes with concern the reports of harassment of women human rights
defenders.
4. The Committee recommends that the State party:
(a) Adopt a law on the protection of human rights defenders, in consultation with
women's organizations;
(b) Investigate all reports of harassment and prosecute those responsible;
(c) Provide training to police officers.
Violence against women
5. The Committee urges the State party to criminalize marital rape.
Follow-up to the present concluding observations
6. The Committee requests the State party to provide, within two years, written
information on the steps taken to implement the recommendations contained in
paragraphs 4 (a) and (b) and 5 above.
Preparation of the next report
7. The Committee invites the State party to submit its eighth periodic report by
October 2029.
"""


def test_numbered_paragraphs_are_split_and_the_preamble_is_left_out():
    result = split(ENGLISH)
    assert [p.number for p in result.paragraphs] == [1, 2, 3, 4, 5, 6, 7]
    assert result.paragraphs[1].text == (
        "The Committee welcomes the progress achieved since the consideration of the "
        "previous report."
    )


def test_sub_paragraphs_become_one_item_each_with_the_opening_words():
    result = split(ENGLISH)
    four = result.paragraphs[3]
    assert [letter for letter, _ in four.subparagraphs] == ["a", "b", "c"]
    assert four.intro == "The Committee recommends that the State party:"
    labels = [item.paragraph for item in result.items]
    assert labels[3:6] == ["4 (a)", "4 (b)", "4 (c)"]
    assert result.items[4].text == (
        "The Committee recommends that the State party: (b) Investigate all reports of "
        "harassment and prosecute those responsible;"
    )


def test_observations_are_told_from_recommendations():
    kinds = {p.number: p.kind for p in split(ENGLISH).paragraphs}
    assert kinds[1] == kinds[2] == kinds[3] == OBSERVATION
    assert kinds[4] == kinds[5] == RECOMMENDATION
    assert kinds[6] == FOLLOWUP_PROCEDURE
    assert kinds[7] == NEXT_REPORT


def test_headings_between_paragraphs_are_not_part_of_them():
    result = split(ENGLISH)
    by_number = {p.number: p for p in result.paragraphs}
    assert by_number[2].text.endswith("previous report.")
    assert by_number[3].heading == (
        "C. Principal areas of concern and recommendations Women human rights defenders"
    )
    assert by_number[5].heading == "Violence against women"
    assert "Violence" not in by_number[4].text
    assert by_number[7].heading == "Preparation of the next report"


def test_follow_up_items_and_the_next_report_are_found():
    result = split(ENGLISH)
    assert result.followup_references == ["4 (a)", "4 (b)", "5"]
    assert result.followup_years == 2
    assert result.next_report_due == datetime.date(2029, 10, 1)
    chosen = [item.paragraph for item in result.items if item.followup]
    assert chosen == ["4 (a)", "4 (b)", "5"]


def test_a_paragraph_over_a_page_break_runs_on_without_header_and_page_number():
    text = """\
12. The Committee recommends that the State party strengthen the capacity of the
national machinery for the advancement of women and provide it with adequate human,

CEDAW/C/TST/CO/7

4/12 GE.24-01234

technical and financial resources.
13. The Committee notes the adoption of the national action plan.
"""
    result = split(text)
    assert [p.number for p in result.paragraphs] == [12, 13]
    assert result.paragraphs[0].text == (
        "The Committee recommends that the State party strengthen the capacity of the "
        "national machinery for the advancement of women and provide it with adequate "
        "human, technical and financial resources."
    )
    assert result.paragraphs[0].kind == RECOMMENDATION


def test_a_page_number_alone_is_dropped_and_a_wrapped_number_is_not_a_paragraph():
    text = """\
20. The Committee notes that 40 per cent of the judges were women in
2023. It also notes the measures taken.
9
21. The Committee recommends that the State party adopt temporary special measures.
"""
    result = split(text)
    assert [p.number for p in result.paragraphs] == [20, 21]
    assert "2023. It also notes" in result.paragraphs[0].text


def test_french_text():
    text = """\
Stéréotypes
15. Le Comité note avec préoccupation la persistance de stéréotypes.
16. Le Comité recommande à l’État partie :
a) texte sans parenthèse ouvrante ;
17. Le Comité recommande à l'État partie de :
(a) Adopter une stratégie globale ;
(b) Sensibiliser les médias.
18. Le Comité prie l’État partie de lui fournir, dans un délai de deux ans, des
informations écrites sur les mesures prises pour appliquer les recommandations
figurant aux paragraphes 17 (a) et 16 ci-dessus.
"""
    result = split(text)
    kinds = {p.number: p.kind for p in result.paragraphs}
    assert kinds == {
        15: OBSERVATION,
        16: RECOMMENDATION,
        17: RECOMMENDATION,
        18: FOLLOWUP_PROCEDURE,
    }
    assert result.paragraphs[0].heading == "Stéréotypes"
    assert [letter for letter, _ in result.paragraphs[2].subparagraphs] == ["a", "b"]
    assert result.followup_years == 2
    assert result.followup_references == ["17 (a)", "16"]


def test_spanish_text():
    text = """\
30. El Comité observa con preocupación el elevado número de feminicidios.
31. El Comité recomienda al Estado parte que:
(a) Tipifique el feminicidio como delito;
(b) Asigne recursos suficientes a los refugios.
32. El Comité insta al Estado parte a que ratifique el Protocolo Facultativo.
"""
    result = split(text)
    assert [p.kind for p in result.paragraphs] == [OBSERVATION, RECOMMENDATION, RECOMMENDATION]
    assert [i.paragraph for i in result.items] == ["30", "31 (a)", "31 (b)", "32"]


def test_other_verbs_and_the_state_party_should_are_recommendations():
    text = """\
1. The Committee calls upon the State party to withdraw its reservations.
2. The Committee strongly encourages the State party to adopt the bill.
3. The State party should ensure that all allegations are investigated.
4. The Committee is concerned about the lack of data.
"""
    kinds = [p.kind for p in split(text).paragraphs]
    assert kinds == [RECOMMENDATION, RECOMMENDATION, RECOMMENDATION, OBSERVATION]


def test_roman_numerals_inside_a_sub_paragraph_stay_in_it():
    text = """\
8. The Committee recommends that the State party:
(a) Amend the law to (i) define discrimination and (ii) prohibit it;
(b) Collect data.
"""
    paragraph = split(text).paragraphs[0]
    assert [letter for letter, _ in paragraph.subparagraphs] == ["a", "b"]
    assert "(i) define" in paragraph.subparagraphs[0][1]


def test_empty_text_gives_nothing():
    result = split("   \n\n")
    assert result.paragraphs == []
    assert result.items == []


def test_an_extract_that_skips_paragraphs_is_still_split():
    """The secretariat pastes the positive aspects and then only the recommendations: the
    numbers jump from 4 to 20 after a sentence and a heading."""
    text = """\
Positive aspects
4. The Committee welcomes the adoption of the equality act.
Violence against women
20. The Committee recommends that the State party:
(a) Adopt a national action plan on violence against women;
(b) Train judges and police officers on the act.
38. The Committee urges the State party to set up shelters in every region.
"""
    result = split(text)
    assert [(p.number, p.kind, p.heading) for p in result.paragraphs] == [
        (4, OBSERVATION, "Positive aspects"),
        (20, RECOMMENDATION, "Violence against women"),
        (38, RECOMMENDATION, ""),
    ]
    assert [i.paragraph for i in result.items] == ["4", "20 (a)", "20 (b)", "38"]


def test_a_wrapped_line_starting_with_a_far_number_stays_in_its_paragraph():
    text = """\
20. The Committee recommends that the State party raise the share of women judges above
45. per cent, as it announced.
21. The Committee urges the State party to set up shelters in every region.
"""
    result = split(text)
    assert [p.number for p in result.paragraphs] == [20, 21]
    assert "above 45. per cent" in result.paragraphs[0].text
