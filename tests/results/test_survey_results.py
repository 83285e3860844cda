"""A survey's aggregates (eig.results.survey_results), on a known fixture, every cell compared:
counts per value (and the mean) per audience and for everyone, free text listed; a group of fewer
than 5 answers hidden, and the whole hidden when it would reveal a small group by subtraction.

Pure functions: no database."""

from types import SimpleNamespace

from eig.calls.models import Question
from eig.results.survey_results import ALL, MIN_GROUP, Group, aggregate, aggregate_question, percent

K = Question.Kind
FELLOWS, MENTORS, HOSTS = "fellows", "mentors", "hosts"
AUDIENCES = [(FELLOWS, "Entrepreneur·es"), (MENTORS, "Mentors")]
SATISFACTION = [[str(n), f"{n} sur 5"] for n in range(1, 6)]
MENTORING = [["beaucoup", "Beaucoup"], ["un_peu", "Un peu"], ["pas_du_tout", "Pas du tout"]]

QUESTIONS = [
    Question(key="satisfaction", kind=K.SINGLE_CHOICE, label="Satisfaction", choices=SATISFACTION),
    Question(key="recommandation", kind=K.NUMBER, label="Recommandation", min_value=0, max_value=10),
    Question(key="mentorat", kind=K.SINGLE_CHOICE, label="Mentorat", choices=MENTORING),
    Question(key="outils", kind=K.MULTIPLE_CHOICE, label="Outils", choices=[["a", "A"], ["b", "B"], ["c", "C"]]),
    Question(key="attentes", kind=K.YES_NO, label="Attentes"),
    Question(key="mieux", kind=K.LONG_TEXT, label="Ce qui a le mieux marché"),
    Question(key="jours", kind=K.NUMBER, label="Jours de télétravail"),
    Question(key="courriel", kind=K.EMAIL, label="Courriel"),
]


def response(audience, satisfaction, recommandation, mentorat, outils, attentes, mieux=None, jours=None):
    answers = {
        "satisfaction": satisfaction,
        "recommandation": recommandation,
        "mentorat": mentorat,
        "outils": outils,
        "attentes": attentes,
        "mieux": mieux,
        "jours": jours,
        "courriel": "personne@example.org",
    }
    return SimpleNamespace(audience=audience, answers={k: v for k, v in answers.items() if v is not None})


RESPONSES = [
    response(FELLOWS, "5", 9, "beaucoup", ["a", "b"], True, "Bien", 3),
    response(FELLOWS, "4", 8, "beaucoup", ["a"], True, "Très bien", 3),
    response(FELLOWS, "4", 10, "un_peu", ["b"], False, "Moyen", 5),
    response(FELLOWS, "3", 7, "beaucoup", ["a", "c"], True, "Alpha", 7),
    response(FELLOWS, "5", 9, "pas_du_tout", ["c"], True, "Zèbre", 3),
    response(FELLOWS, "2", 4, "un_peu", None, False),
    response(MENTORS, "3", 6, "beaucoup", ["a"], True, "Mentor un"),
    response(MENTORS, "4", 7, "un_peu", ["b"], False, "Mentor deux"),
    response(MENTORS, "5", 10, "beaucoup", ["a", "b", "c"], True, "Mentor trois"),
    response(MENTORS, "4", 8, "beaucoup", ["a"], True, "Mentor quatre"),
    response(MENTORS, "1", 0, "pas_du_tout", ["c"], False),
]


def cells(group: Group):
    return (
        group.audience,
        group.label,
        group.hidden,
        group.answers,
        [(c.value, c.label, c.count, c.percent) for c in group.counts],
        group.mean,
        list(group.texts),
    )


def hidden(audience, label):
    return (audience, label, True, None, [], None, [])


def results():
    return {r.key: r for r in aggregate(QUESTIONS, RESPONSES, AUDIENCES)}


def test_the_groups_of_each_question_are_its_audiences_then_everyone():
    found = aggregate(QUESTIONS, RESPONSES, AUDIENCES)
    assert [r.key for r in found] == [q.key for q in QUESTIONS]
    assert [[g.audience for g in r.groups] for r in found if r.kind != "none"] == [[FELLOWS, MENTORS, ALL]] * 7


def test_a_scale_offered_as_choices_counts_each_choice_and_has_a_mean():
    result = results()["satisfaction"]
    assert (result.label, result.kind, result.has_mean) == ("Satisfaction", "counts", True)
    assert [cells(g) for g in result.groups] == [
        (
            FELLOWS,
            "Entrepreneur·es",
            False,
            6,
            [
                ("1", "1 sur 5", 0, 0),
                ("2", "2 sur 5", 1, 17),
                ("3", "3 sur 5", 1, 17),
                ("4", "4 sur 5", 2, 33),
                ("5", "5 sur 5", 2, 33),
            ],
            3.83,
            [],
        ),
        (
            MENTORS,
            "Mentors",
            False,
            5,
            [
                ("1", "1 sur 5", 1, 20),
                ("2", "2 sur 5", 0, 0),
                ("3", "3 sur 5", 1, 20),
                ("4", "4 sur 5", 2, 40),
                ("5", "5 sur 5", 1, 20),
            ],
            3.4,
            [],
        ),
        (
            ALL,
            "Ensemble",
            False,
            11,
            [
                ("1", "1 sur 5", 1, 9),
                ("2", "2 sur 5", 1, 9),
                ("3", "3 sur 5", 2, 18),
                ("4", "4 sur 5", 4, 36),
                ("5", "5 sur 5", 3, 27),
            ],
            3.64,
            [],
        ),
    ]


def _scale(counts, total):
    return [(str(v), str(v), n, round(100 * n / total)) for v, n in enumerate(counts)]


def test_a_number_scale_lists_every_value_of_its_range_and_the_mean():
    result = results()["recommandation"]
    assert result.has_mean
    assert [cells(g) for g in result.groups] == [
        (FELLOWS, "Entrepreneur·es", False, 6, _scale([0, 0, 0, 0, 1, 0, 0, 1, 1, 2, 1], 6), 7.83, []),
        (MENTORS, "Mentors", False, 5, _scale([1, 0, 0, 0, 0, 0, 1, 1, 1, 0, 1], 5), 6.2, []),
        (ALL, "Ensemble", False, 11, _scale([1, 0, 0, 0, 1, 0, 1, 2, 2, 2, 2], 11), 7.09, []),
    ]
    # Every cell of the whole, written out once.
    assert [(c.value, c.count, c.percent) for c in result.group(ALL).counts] == [
        ("0", 1, 9),
        ("1", 0, 0),
        ("2", 0, 0),
        ("3", 0, 0),
        ("4", 1, 9),
        ("5", 0, 0),
        ("6", 1, 9),
        ("7", 2, 18),
        ("8", 2, 18),
        ("9", 2, 18),
        ("10", 2, 18),
    ]


def test_a_choice_counts_each_choice_in_the_forms_order_without_a_mean():
    result = results()["mentorat"]
    assert not result.has_mean
    assert [cells(g) for g in result.groups] == [
        (
            FELLOWS,
            "Entrepreneur·es",
            False,
            6,
            [("beaucoup", "Beaucoup", 3, 50), ("un_peu", "Un peu", 2, 33), ("pas_du_tout", "Pas du tout", 1, 17)],
            None,
            [],
        ),
        (
            MENTORS,
            "Mentors",
            False,
            5,
            [("beaucoup", "Beaucoup", 3, 60), ("un_peu", "Un peu", 1, 20), ("pas_du_tout", "Pas du tout", 1, 20)],
            None,
            [],
        ),
        (
            ALL,
            "Ensemble",
            False,
            11,
            [("beaucoup", "Beaucoup", 6, 55), ("un_peu", "Un peu", 3, 27), ("pas_du_tout", "Pas du tout", 2, 18)],
            None,
            [],
        ),
    ]


def test_a_multiple_choice_counts_each_choice_against_the_people_who_answered():
    result = results()["outils"]
    assert [cells(g) for g in result.groups] == [
        (FELLOWS, "Entrepreneur·es", False, 5, [("a", "A", 3, 60), ("b", "B", 2, 40), ("c", "C", 2, 40)], None, []),
        (MENTORS, "Mentors", False, 5, [("a", "A", 3, 60), ("b", "B", 2, 40), ("c", "C", 2, 40)], None, []),
        (ALL, "Ensemble", False, 10, [("a", "A", 6, 60), ("b", "B", 4, 40), ("c", "C", 4, 40)], None, []),
    ]


def test_a_yes_no_question_counts_yes_and_no():
    result = results()["attentes"]
    assert [cells(g) for g in result.groups] == [
        (FELLOWS, "Entrepreneur·es", False, 6, [("true", "Oui", 4, 67), ("false", "Non", 2, 33)], None, []),
        (MENTORS, "Mentors", False, 5, [("true", "Oui", 3, 60), ("false", "Non", 2, 40)], None, []),
        (ALL, "Ensemble", False, 11, [("true", "Oui", 7, 64), ("false", "Non", 4, 36)], None, []),
    ]


def test_free_text_is_listed_sorted_and_hidden_under_5_answers_with_the_whole_that_would_reveal_it():
    result = results()["mieux"]
    assert result.kind == "texts"
    assert [cells(g) for g in result.groups] == [
        (FELLOWS, "Entrepreneur·es", False, 5, [], None, ["Alpha", "Bien", "Moyen", "Très bien", "Zèbre"]),
        hidden(MENTORS, "Mentors"),  # 4 answers
        hidden(ALL, "Ensemble"),  # 9 answers, but 9 − the fellows' 5 would show the mentors' 4
    ]


def test_a_number_without_range_lists_the_values_given_and_an_audience_without_answers_is_hidden():
    result = results()["jours"]
    assert [cells(g) for g in result.groups] == [
        (FELLOWS, "Entrepreneur·es", False, 5, [("3", "3", 3, 60), ("5", "5", 1, 20), ("7", "7", 1, 20)], 4.2, []),
        hidden(MENTORS, "Mentors"),
        # Nothing behind it: the whole is the fellows' 5 answers.
        (ALL, "Ensemble", False, 5, [("3", "3", 3, 60), ("5", "5", 1, 20), ("7", "7", 1, 20)], 4.2, []),
    ]


def test_an_email_question_is_not_aggregated():
    result = results()["courriel"]
    assert (result.kind, result.groups) == ("none", ())


# --- Small groups -------------------------------------------------------------------------------------------

YES_NO = Question(key="oui", kind=K.YES_NO, label="Oui ou non")
THREE = [(FELLOWS, "Entrepreneur·es"), (MENTORS, "Mentors"), (HOSTS, "Hôtes")]


def answers(audience, count, value=True):
    return [SimpleNamespace(audience=audience, answers={"oui": value}) for _ in range(count)]


def test_a_group_of_fewer_than_5_answers_says_nothing_not_even_its_size():
    result = aggregate_question(YES_NO, answers(FELLOWS, MIN_GROUP - 1), [(FELLOWS, "Entrepreneur·es")])
    assert [cells(g) for g in result.groups] == [hidden(FELLOWS, "Entrepreneur·es"), hidden(ALL, "Ensemble")]
    assert result.shown == ()


def test_a_group_of_exactly_5_answers_is_shown():
    result = aggregate_question(
        YES_NO, answers(FELLOWS, 3) + answers(FELLOWS, 2, False), [(FELLOWS, "Entrepreneur·es")]
    )
    assert cells(result.group(FELLOWS)) == (
        FELLOWS,
        "Entrepreneur·es",
        False,
        5,
        [("true", "Oui", 3, 60), ("false", "Non", 2, 40)],
        None,
        [],
    )


def test_the_whole_is_hidden_when_subtracting_the_groups_shown_would_reveal_a_small_group():
    result = aggregate_question(YES_NO, answers(FELLOWS, 7) + answers(MENTORS, 2, False), THREE)
    assert [g.hidden for g in result.groups] == [False, True, True, True]
    assert result.group(ALL).answers is None


def test_the_whole_is_shown_when_the_hidden_groups_together_are_5_answers_or_more():
    result = aggregate_question(YES_NO, answers(FELLOWS, 6) + answers(MENTORS, 3, False) + answers(HOSTS, 2), THREE)
    assert [g.hidden for g in result.groups] == [False, True, True, False]
    assert cells(result.group(ALL)) == (
        ALL,
        "Ensemble",
        False,
        11,
        [("true", "Oui", 8, 73), ("false", "Non", 3, 27)],
        None,
        [],
    )


def test_answers_of_an_audience_the_survey_does_not_ask_are_not_counted():
    result = aggregate_question(YES_NO, answers(FELLOWS, 5) + answers(HOSTS, 5, False), [(FELLOWS, "Entrepreneur·es")])
    assert result.group(ALL).counts[0].count == 5 and result.group(ALL).answers == 5


def test_percents_are_whole_with_halves_rounded_up():
    assert [percent(1, 8), percent(3, 8), percent(2, 3), percent(0, 0)] == [13, 38, 67, 0]
