"""Model rows → the plain dicts the schemas describe (eig/web/api/schemas.py).

Written out field by field rather than read by pydantic from the models: what leaves the site is
then visible here, line by line (no e-mail, no private field can slip in with a new column).
Translated fields read the active language (modeltranslation, French as fallback): the views run
inside `translation.override(lang)`.
"""

from django.urls import reverse

from eig.community.models import Membership


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def _url_or_none(value: str) -> str | None:
    return value or None


def programme(programme) -> dict:
    return {"code": programme.code, "name": programme.name}


def promotion_ref(promotion) -> dict:
    return {"slug": promotion.slug, "label": promotion.label, "year": promotion.year}


def challenge_ref(request, challenge) -> dict:
    return {
        "id": challenge.pk,
        "slug": challenge.slug,
        "title": challenge.title,
        "promotion": promotion_ref(challenge.promotion),
        "url": absolute(request, challenge.get_absolute_url()),
    }


def profile(profile) -> dict | None:
    return {"code": profile.code, "label": profile.label} if profile is not None else None


def administration(administration) -> dict:
    return {
        "slug": administration.slug,
        "name": administration.name,
        "kind": administration.kind,
        "town": administration.town,
    }


def challenge(request, challenge) -> dict:
    return {
        "id": challenge.pk,
        "slug": challenge.slug,
        "promotion": promotion_ref(challenge.promotion),
        "title": challenge.title,
        "summary": challenge.summary,
        "body": challenge.body,
        "status": challenge.status,
        "status_label": challenge.get_status_display(),
        "administration": administration(challenge.administration),
        "town": challenge.town,
        "duration_months": challenge.duration_months,
        "profiles": [profile(p) for p in challenge.profiles.all()],
        "source_code_url": _url_or_none(challenge.source_code_url),
        "website_url": _url_or_none(challenge.website_url),
        "url": absolute(request, challenge.get_absolute_url()),
    }


def position_of_challenge(position) -> dict:
    return {
        "id": position.pk,
        "profile": profile(position.profile),
        "mission": position.mission,
        "skills": position.skills,
    }


def position(request, position) -> dict:
    return {**position_of_challenge(position), "challenge": challenge_ref(request, position.challenge)}


def key_figure(figure) -> dict:
    return {
        "amount": figure.amount,
        "description": figure.description,
        "source": figure.source,
        "source_url": _url_or_none(figure.source_url),
    }


def achievement_of_challenge(achievement) -> dict:
    return {
        "id": achievement.pk,
        "title": achievement.title,
        "description": achievement.description,
        "url": _url_or_none(achievement.url),
        "call_to_action": achievement.call_to_action,
    }


def achievement(request, achievement) -> dict:
    return {**achievement_of_challenge(achievement), "challenge": challenge_ref(request, achievement.challenge)}


def challenge_detail(request, item) -> dict:
    return {
        **challenge(request, item),
        "positions": [position_of_challenge(p) for p in item.positions.all()],
        "key_figures": [key_figure(f) for f in item.key_figures.all()],
        "achievements": [achievement_of_challenge(a) for a in item.achievements.all()],
    }


def promotion(request, promotion) -> dict:
    return {
        "slug": promotion.slug,
        "label": promotion.label,
        "programme": programme(promotion.programme),
        "number": promotion.number,
        "year": promotion.year,
        "title": promotion.title or promotion.label,
        "description": promotion.description,
        "challenge_count": promotion.public_challenge_count,
        "url": absolute(request, promotion.get_absolute_url()),
    }


def phase(phase) -> dict:
    return {
        "kind": phase.kind,
        "label": phase.get_kind_display(),
        "starts_at": phase.starts_at,
        "ends_at": phase.ends_at,
    }


def promotion_detail(request, item) -> dict:
    return {**promotion(request, item), "phases": [phase(p) for p in item.phases.all()]}


def member(request, membership) -> dict:
    person = membership.person
    return {
        "name": person.name,
        "slug": person.slug,
        "role": membership.role,
        "role_label": membership.get_role_display(),
        "profile": profile(person.profile),
        "url": absolute(request, reverse("public:person_detail", kwargs={"slug": person.slug})),
    }


def team(request, challenge) -> dict:
    """The consenting members only: `public_members` is prefetched with `person__is_public=True`."""
    members = challenge.public_members
    return {
        "challenge": challenge_ref(request, challenge),
        "fellows": [member(request, m) for m in members if m.role == Membership.Role.FELLOW],
        "mentors": [member(request, m) for m in members if m.role in Membership.MENTOR_ROLES],
    }


def news(request, post) -> dict:
    return {
        "slug": post.slug,
        "title": post.title,
        "published_on": post.published_on,
        "author": post.author,
        "description": post.description,
        "body": post.body,
        "tags": [{"slug": tag.slug, "name": tag.name} for tag in post.tags.all()],
        "url": absolute(request, post.get_absolute_url()),
    }


def event(event) -> dict:
    return {
        "id": event.pk,
        "promotion": promotion_ref(event.promotion),
        "kind": event.kind,
        "kind_label": event.get_kind_display(),
        "title": event.title,
        "description": event.description,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "place": event.place,
    }
