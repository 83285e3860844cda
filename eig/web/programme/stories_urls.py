"""URLs of the team pages of results and memory: stories (issue 16; views in stories.py)."""

from django.urls import path

from . import stories

urlpatterns = [
    path("recits/", stories.story_list, name="stories"),
    path("recits/nouveau/", stories.story_new, name="story_new"),
    path("recits/<int:story>/modifier/", stories.story_edit, name="story_edit"),
]
