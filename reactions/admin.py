from django.contrib import admin
from django.db import transaction

from . import services
from .models import Reaction, ReactionType


@admin.register(ReactionType)
class ReactionTypeAdmin(admin.ModelAdmin):
    """Add, order, rename and switch off reactions. A type that was given cannot be deleted (switch it off)."""

    list_display = ["icon", "name", "value", "order", "is_enabled"]
    list_display_links = ["name"]
    list_editable = ["value", "order", "is_enabled"]

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if change and "value" in form.changed_data:
                # What each reaction of this kind is worth changed: recount the reputation of those who hold one.
                authors = Reaction.objects.filter(kind=obj, post__author__isnull=False).values_list("post__author", flat=True)
                services.recount_reputation(authors)
