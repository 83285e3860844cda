"""The stories' part of a person's data (registered with eig/accounts/personal_data.py); the rows of
docs/personal-data.md, « Résultats et mémoire ».

- Export: the stories the person proposed: their texts in French and English, the signature they
  chose, their status and dates, the programme team's note to them, the news post a published one
  became, and its image's name (the image itself is among their files, eig/files/personal_data.py,
  when they uploaded it).
- Deleting or closing an account: a story still proposed, or declined, is the person's alone: it
  is deleted with its private image (whoever uploaded it: staff may have replaced it). A published
  story is the news post it became, a public record signed with the name its author chose
  (`NewsPost.author`): the post stays in the news and its feeds, and the story no longer names its
  author's account (`Story.author` emptied). Its private original goes with its uploader's files
  (the files' part, which comes after: order 60); the public copy, re-encoded without metadata at
  publication, stays with the post. The stories a staff member published no longer name them.
- Nothing to purge: nothing here outlives the account but the public record.
"""

from django.db.models import Q

from eig.accounts.personal_data import PersonalDataPart, register_part
from eig.core.personal_data import iso
from eig.files.models import StoredFile
from eig.files.personal_data import delete_files

from .models import Story

TEXTS = ("title", "description", "body", "image_alt")


def _story(story: Story, user) -> dict:
    image = story.image
    return {
        **{f"{name}_{lang}": getattr(story, f"{name}_{lang}") for name in TEXTS for lang in ("fr", "en")},
        "signature": story.author_name,
        "status": story.get_status_display(),
        "programme_note": story.staff_note,
        "proposed_at": iso(story.created_at),
        "updated_at": iso(story.updated_at),
        "published_at": iso(story.published_at),
        "news_post": story.news_post.get_absolute_url() if story.news_post else None,
        "image": (
            {"name": image.original_name, "among_your_files": image.owner_id == user.pk} if image is not None else None
        ),
    }


def export_for(user) -> list[dict]:
    stories = Story.objects.filter(author=user).select_related("image", "news_post").order_by("created_at", "pk")
    return [_story(story, user) for story in stories]


def forget(user) -> int:
    """The account goes: its unpublished stories with their images; the published ones stay, without
    their author's account. Returns the files deleted."""
    unpublished = Story.objects.filter(author=user).exclude(status=Story.Status.PUBLISHED)
    files_deleted = delete_files(StoredFile.objects.filter(pk__in=unpublished.exclude(image=None).values("image_id")))
    unpublished.delete()
    Story.objects.filter(author=user).update(author=None)
    Story.objects.filter(published_by=user).update(published_by=None)
    return files_deleted


class StoriesPart(PersonalDataPart):
    key = "stories"
    order = 59

    def export(self, user, export):
        data = export_for(user)
        export.count("stories", len(data))
        return data

    def activity(self, user):
        ids = [str(pk) for pk in Story.objects.filter(author=user).values_list("pk", flat=True)]
        return Q(target_type="content.story", target_id__in=ids)

    def delete_account(self, user, erasure):
        erasure.files_deleted += forget(user)

    close_account = delete_account


register_part(StoriesPart())
