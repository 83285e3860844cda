"""The grids' texts in French and English (modeltranslation: `label_fr`, `label_en`…, the English falling
back to the French): a grid's title and the meaning of each level, a criterion's label and help. The public
pages that tell candidates how they are judged read them (eig.juries.stages), as the reviewers' and the
jurors' forms do. The default grids' French texts are in the English catalogue too (eig.reviews.defaults:
gettext_noop), so a grid nobody translated still reads in English through `gettext`."""

from modeltranslation.translator import TranslationOptions, register

from .models import Criterion, Grid


@register(Grid)
class GridTranslation(TranslationOptions):
    fields = ("title", "level_labels")


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("label", "help_text")
