"""The programme team's URLs of results and memory: stories (issue 16; views in stories.py)."""

from django.urls import path

from . import stories

urlpatterns = [
    path("recits/", stories.story_list, name="stories"),
    path("recits/<int:story>/", stories.story_detail, name="story"),
]
