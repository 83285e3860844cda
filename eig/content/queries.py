from .models import NewsPost


def published_posts(*, tag=None):
    queryset = NewsPost.objects.published().prefetch_related("tags")
    if tag:
        queryset = queryset.filter(tags__slug=tag)
    return queryset
